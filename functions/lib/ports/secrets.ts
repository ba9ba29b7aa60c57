// SecretReader on AWS: Secrets Manager secrets read through Parameter Store's reference path
// (`/aws/reference/secretsmanager/<secret name>`, GetParameter WithDecryption), which returns the
// secret's string — the SSM client is the one in our pinned SDK set. Each secret is read once per
// warm function; a failed read is not kept, so the next call tries again.
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import type { SecretReader } from '../../../shared/platform/ports.ts';

/**
 * The Secrets Manager name in a secret ARN. The app imports secrets by name, so SECRET_ARNS holds
 * partial ARNs (`arn:aws:secretsmanager:<region>:<account>:secret:<name>`) whose tail is the name.
 */
export function secretNameOf(arn: string): string {
  const at = arn.indexOf(':secret:');
  return at === -1 ? arn : arn.slice(at + ':secret:'.length);
}

export function createSsmSecretReader(config: { client: SSMClient; secretArns: Record<string, string> }): SecretReader {
  const cache = new Map<string, Promise<string>>();
  const read = async (name: string): Promise<string> => {
    const arn = Object.hasOwn(config.secretArns, name) ? config.secretArns[name] : undefined;
    if (!arn) throw new Error(`Secret ${name} is not granted to this function (known: ${Object.keys(config.secretArns).join(', ') || 'none'})`);
    const res = await config.client.send(new GetParameterCommand({ Name: `/aws/reference/secretsmanager/${secretNameOf(arn)}`, WithDecryption: true }));
    const value = res.Parameter?.Value;
    if (!value) throw new Error(`Secret ${name} has no value`);
    return value;
  };
  return {
    get(name) {
      let value = cache.get(name);
      if (!value) {
        value = read(name);
        cache.set(name, value);
        value.catch(() => cache.delete(name));
      }
      return value;
    },
  };
}

export const makeSecretReader = (region: string, secretArns: Record<string, string>): SecretReader =>
  createSsmSecretReader({ client: new SSMClient({ region }), secretArns });
