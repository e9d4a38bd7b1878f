import { describe, expect, it } from 'vitest';
import { clientIdUrl, parseClientMetadataDocument } from '../../../src/oauth/index.js';

describe('clientIdUrl', () => {
  it.each([
    'https://claude.ai/oauth/claude-code-client-metadata',
    'https://client.example.com/oauth/client.json',
    'https://client.example.com:8443/c',
    'https://client.example.com/a/',
  ])('accepts %s', (id) => {
    expect(clientIdUrl(id).href).toBe(id);
  });

  it.each([
    ['http://client.example.com/client.json', /https/],
    ['client.example.com/client.json', /https/],
    ['HTTPS://client.example.com/client.json', /https/],
    ['https://client.example.com', /path after the host/],
    ['https://client.example.com/', /path after the host/],
    ['https://client.example.com/client.json#x', /fragment/],
    ['https://client.example.com/client.json?v=1', /query/],
    ['https://user@client.example.com/client.json', /user name/],
    ['https://user:pw@client.example.com/client.json', /user name/],
    ['https://client.example.com/a/../client.json', /path segments/],
    ['https://client.example.com/a/./client.json', /path segments/],
    ['https://client.example.com/a/%2E%2e/client.json', /path segments/],
    ['https://Client.Example.com/client.json', /canonically/],
    ['https://client.example.com:443/client.json', /canonically/],
    ['https://client.example.com/client json', /spaces/],
    ['https://client.example.com\\@evil/x', /backslash/],
    [`https://client.example.com/${'a'.repeat(2000)}`, /longer than 2000/],
  ])('refuses %s', (id, reason) => {
    let err: unknown;
    try {
      clientIdUrl(id);
    } catch (e) {
      err = e;
    }
    expect(err).toMatchObject({ name: 'ClientMetadataError', code: 'invalid_client_id' });
    expect((err as Error).message).toMatch(reason);
  });
});

describe('parseClientMetadataDocument', () => {
  const id = 'https://c.example.com/client.json';
  const base = { client_id: id, client_name: 'C', redirect_uris: ['https://c.example.com/cb'] };
  const parse = (doc: unknown) => parseClientMetadataDocument(id, JSON.stringify(doc));
  const problem = (doc: unknown) => {
    try {
      parse(doc);
    } catch (err) {
      return (err as Error).message;
    }
    return null;
  };

  it('returns the validated fields with defaults and ignores unknown ones', () => {
    expect(parse({ ...base, client_name: ' C ', extra: { nested: 1 } })).toEqual({
      clientId: id,
      clientName: 'C',
      redirectUris: ['https://c.example.com/cb'],
      grantTypes: ['authorization_code'],
      tokenEndpointAuthMethod: 'none',
      clientUri: null,
      logoUri: null,
    });
    expect(
      parse({ ...base, grant_types: ['authorization_code', 'refresh_token'], logo_uri: 'https://c.example.com/l.png' }),
    ).toMatchObject({ grantTypes: ['authorization_code', 'refresh_token'], logoUri: 'https://c.example.com/l.png' });
  });

  it.each([
    [[], /not a JSON object/],
    [null, /not a JSON object/],
    [{ ...base, client_id: `${id}/` }, /client_id is not exactly/],
    [{ ...base, client_id: undefined }, /client_id is not exactly/],
    [{ ...base, client_name: '' }, /client_name must be a non-empty string/],
    [{ ...base, client_name: 7 }, /client_name must be a non-empty string/],
    [{ ...base, client_name: 'x'.repeat(201) }, /longer than 200/],
    [{ ...base, client_name: 'Claude\u202eevil' }, /text-direction/],
    [{ ...base, redirect_uris: [] }, /1 to 20/],
    [{ ...base, redirect_uris: 'https://c.example.com/cb' }, /1 to 20/],
    [{ ...base, redirect_uris: Array(21).fill('https://c.example.com/cb') }, /1 to 20/],
    [{ ...base, redirect_uris: ['https://c.example.com/cb', 3] }, /redirect_uris\[1\] is not a string/],
    [{ ...base, redirect_uris: ['http://evil.com/cb'] }, /redirect_uris\[0\] is refused\. Plain http/],
    [{ ...base, token_endpoint_auth_method: 'private_key_jwt' }, /only public clients/],
    [{ ...base, token_endpoint_auth_method: 'client_secret_basic' }, /only public clients/],
    [{ ...base, grant_types: ['client_credentials'] }, /must include authorization_code/],
    [{ ...base, grant_types: 'authorization_code' }, /list of strings/],
    [{ ...base, logo_uri: 'http://c.example.com/l.png' }, /logo_uri must be an https/],
    [{ ...base, client_uri: 'javascript:alert(1)' }, /client_uri must be an https/],
  ])('refuses %j', (doc, reason) => {
    expect(problem(doc)).toMatch(reason);
  });

  it('refuses text that is not JSON', () => {
    expect(() => parseClientMetadataDocument(id, '{"client_id":')).toThrow(/not valid JSON/);
  });
});
