// Sequences (ticket numbers): one counter item per scope, advanced with an atomic ADD. The caller
// then commits with a conditional put; a number is skipped only when that commit fails.
import { Entity } from 'electrodb';
import { type Db, SERVICE, perDb } from './db.ts';

const counterSchema = {
  model: { entity: 'counter', version: '1', service: SERVICE },
  attributes: {
    scope: { type: 'string', required: true },
    value: { type: 'number', required: true, default: 0 },
  },
  indexes: {
    byScope: { pk: { field: 'pk', composite: ['scope'] }, sk: { field: 'sk', composite: [] } },
  },
} as const;

export type CounterRepo = {
  /** The next value of the scope's sequence, starting at 1. */
  next(scope: string): Promise<number>;
  current(scope: string): Promise<number>;
  /** The counter item's key and its value from a read item (for a batch read with other items). */
  keyOf(scope: string): Record<string, unknown>;
  valueOf(item: Record<string, unknown> | undefined): number;
};

export const createCounterRepo = perDb((db: Db): CounterRepo => {
  const counter = new Entity(counterSchema, db);
  return {
    async next(scope) {
      const { data } = await counter.update({ scope }).add({ value: 1 }).go({ response: 'updated_new' });
      return Number(data.value);
    },
    async current(scope) {
      // Strongly consistent: a stamp read after a write must see it (config-cache.ts).
      const { data } = await counter.get({ scope }).go({ consistent: true });
      return data?.value ?? 0;
    },
    keyOf: (scope) => counter.get({ scope }).params().Key as Record<string, unknown>,
    valueOf: (item) => Number(item?.value ?? 0),
  };
});
