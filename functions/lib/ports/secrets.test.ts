// The AWS secrets port: the exact SSM requests (Secrets Manager through Parameter Store's reference
// path), one read per secret per warm function, and a failed read tried again.
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { createSsmSecretReader, secretNameOf } from './secrets.ts';

const client = new SSMClient({ region: 'eu-west-1', credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' } });
const ssm = mockClient(client);
afterAll(() => ssm.restore());

const ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:service-desk/whatsapp-app-secret';
const inputs = () => ssm.commandCalls(GetParameterCommand).map((c) => c.args[0].input);

beforeEach(() => {
  ssm.reset();
  ssm.on(GetParameterCommand).resolves({ Parameter: { Name: '/aws/reference/secretsmanager/service-desk/whatsapp-app-secret', Type: 'SecureString', Value: 's3cr3t' } });
});

describe('SSM secret reader', () => {
  it('reads the secret by name through /aws/reference/secretsmanager with decryption, once per warm function', async () => {
    const secrets = createSsmSecretReader({ client, secretArns: { 'whatsapp-app-secret': ARN } });
    expect(await Promise.all([secrets.get('whatsapp-app-secret'), secrets.get('whatsapp-app-secret')])).toEqual(['s3cr3t', 's3cr3t']);
    expect(await secrets.get('whatsapp-app-secret')).toBe('s3cr3t');
    expect(inputs()).toEqual([{ Name: '/aws/reference/secretsmanager/service-desk/whatsapp-app-secret', WithDecryption: true }]);
  });

  it('does not keep a failed read: the next call tries again', async () => {
    ssm.on(GetParameterCommand).rejectsOnce(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' })).resolves({ Parameter: { Value: 'later' } });
    const secrets = createSsmSecretReader({ client, secretArns: { 'whatsapp-app-secret': ARN } });
    await expect(secrets.get('whatsapp-app-secret')).rejects.toThrow('Rate exceeded');
    expect(await secrets.get('whatsapp-app-secret')).toBe('later');
    expect(inputs()).toHaveLength(2);
  });

  it('refuses a secret it was not granted, and an empty value', async () => {
    const secrets = createSsmSecretReader({ client, secretArns: { 'whatsapp-app-secret': ARN } });
    await expect(secrets.get('whatsapp-verify-token')).rejects.toThrow('not granted');
    await expect(secrets.get('toString')).rejects.toThrow('not granted');
    ssm.on(GetParameterCommand).resolves({ Parameter: {} });
    await expect(createSsmSecretReader({ client, secretArns: { x: ARN } }).get('x')).rejects.toThrow('no value');
    expect(inputs()).toHaveLength(1);
  });

  it('takes the secret name from the ARN the app binds', () => {
    expect(secretNameOf(ARN)).toBe('service-desk/whatsapp-app-secret');
    expect(secretNameOf('prod/whatsapp/token')).toBe('prod/whatsapp/token');
  });
});
