import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createDb, type Db } from '../../../shared/platform/db.ts';

export const makeDb = (region: string, tableName: string): Db => createDb(new DynamoDBClient({ region }), tableName);
