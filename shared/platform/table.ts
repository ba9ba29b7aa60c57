// The one DynamoDB table of the product. The local runtime creates it from this definition and the
// AWS app's table is built from it, so both have the same keys and indexes. Every index is decided
// here, once: a deployed table takes only one new GSI per update, so later features add ElectroDB
// indexes on these attributes, never a table GSI.
//
// Generic indexes are overloaded: each entity decides what its gsiNpk/gsiNsk hold (ElectroDB keys).
// The sparse indexes hold only items that carry their attributes.
//
// | access pattern (SPEC)                                  | index  | partition → sort                                   |
// |--------------------------------------------------------|--------|----------------------------------------------------|
// | a ticket by number; its thread, attachments            | table  | tenant+ticket → entry/attachment                   |
// | tickets by tenant, most recently updated first         | gsi1   | tenant → updatedAt+number                          |
// | tickets by queue ("none" too)                          | gsi2   | tenant+queue → updatedAt+number                    |
// | tickets by assignee ("none" too; an agent's load)      | gsi3   | tenant+assignee → updatedAt+number                 |
// | tickets by requester partner (portal, WhatsApp)        | gsi4   | tenant+partner → updatedAt+number (sparse)         |
// | tickets by status                                      | gsi5   | tenant+status → updatedAt+number                   |
// | the caller's cross-tenant list                         | gsi1…5 | one query per tenant of the caller, merged by time |
// | subject-word search                                    | table  | tenant+first letter → number (derived word items)  |
// | business partners by name                              | gsi1   | tenant+partners → normalized name                  |
// | contact by phone                                       | gsi2   | tenant+phone → contact                             |
// | contacts of a partner                                  | gsi1   | tenant+partner → contact                           |
// | WhatsApp phone number id → tenant                      | table  | phone-number-id item (derived from settings)       |
// | user by email (directory)                              | gsi1   | email → user                                       |
// | a tenant's internal users (agents)                     | table  | tenant → member (in the "config" collection)       |
// | queues, help topics, members, settings (one query)     | table  | tenant → kind+id (ElectroDB collection "config")   |
// | audit by tenant, newest first (?kind=)                 | gsi1   | tenant+audit → at  (gsi2: tenant+kind → at)        |
// | notifications by user, newest first                    | table  | user+notifications → createdAt                     |
// | dashboard counters and daily aggregates                | table  | tenant+day / tenant+queue counters                 |
// | due items: SLA due times, auto-close, expiring records | due    | kind+shard → due time (sparse, sharded)            |
// | events still owed by their item (outbox)               | outbox | shard → oldest owed event time (sparse)            |

export const TABLE_KEYS = { pk: 'pk', sk: 'sk' } as const;

export const GENERIC_INDEXES = ['gsi1', 'gsi2', 'gsi3', 'gsi4', 'gsi5'] as const;

/** Sparse index of items with something due at `dueSk`, partitioned by `due#<kind>#<shard>`. */
export const DUE_INDEX = { name: 'due', pk: 'duePk', sk: 'dueSk' } as const;
/** Sparse index of items that still owe events, partitioned by `outbox#<shard>`. */
export const OUTBOX_INDEX = { name: 'outbox', pk: 'outboxPk', sk: 'outboxSk' } as const;

/** Shards spread writes of the sparse indexes across partitions; readers query every shard. */
export const DUE_SHARDS = 4;
export const OUTBOX_SHARDS = 4;

/** Epoch seconds after which an item may be deleted (DynamoDB TTL on AWS, housekeeping locally). */
export const TTL_ATTRIBUTE = 'expiresAt';

export type IndexDefinition = { name: string; pk: string; sk: string };

export const indexes: IndexDefinition[] = [
  ...GENERIC_INDEXES.map((name) => ({ name, pk: `${name}pk`, sk: `${name}sk` })),
  DUE_INDEX,
  OUTBOX_INDEX,
];

/** The table as CreateTable input (all key attributes are strings, every GSI projects ALL). */
export function createTableInput(tableName: string) {
  const attributes = new Set<string>([TABLE_KEYS.pk, TABLE_KEYS.sk, ...indexes.flatMap((i) => [i.pk, i.sk])]);
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST' as const,
    AttributeDefinitions: [...attributes].map((AttributeName) => ({ AttributeName, AttributeType: 'S' as const })),
    KeySchema: [
      { AttributeName: TABLE_KEYS.pk, KeyType: 'HASH' as const },
      { AttributeName: TABLE_KEYS.sk, KeyType: 'RANGE' as const },
    ],
    GlobalSecondaryIndexes: indexes.map((i) => ({
      IndexName: i.name,
      KeySchema: [
        { AttributeName: i.pk, KeyType: 'HASH' as const },
        { AttributeName: i.sk, KeyType: 'RANGE' as const },
      ],
      Projection: { ProjectionType: 'ALL' as const },
    })),
  };
}

/** A stable shard for a key, so an item always lands on the same shard. */
export function shardOf(key: string, shards: number): number {
  let h = 0;
  for (let i = 0; i < key.length; i++) h = (Math.imul(h, 31) + key.charCodeAt(i)) >>> 0;
  return h % shards;
}
