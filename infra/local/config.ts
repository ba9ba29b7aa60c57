// The local runtime's configuration, read once from the environment (SPEC §6 defaults).
import * as z from 'zod';

const configSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('127.0.0.1'),
  DATA_DIR: z.string().min(1).default('.data'),
  WHATSAPP_APP_SECRET: z.string().min(1).default('dev-app-secret'),
  WHATSAPP_VERIFY_TOKEN: z.string().min(1).default('dev-verify-token'),
});

export type LocalConfig = z.infer<typeof configSchema>;

export function readLocalConfig(env: NodeJS.ProcessEnv): LocalConfig {
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    throw new Error(`Bad configuration: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  return parsed.data;
}
