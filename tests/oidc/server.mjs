// A real, certified OAuth 2.0 / OpenID Connect authorization server (npm `oidc-provider`)
// for connectors' tests. It listens on 127.0.0.1 only, on an ephemeral port, and prints
// one JSON line {"issuer": ..., "port": ...} once it is ready.
//
// The only test-specific part is the login/consent interaction: instead of an HTML form,
// the scripted browser stand-in (browser.py) says who logs in and whether they consent
// with the X-Test-User and X-Test-Decision headers. Everything else (authorization
// requests, PKCE, codes, tokens, refresh rotation, revocation, introspection) is the
// provider's own code. /test/stats counts token-endpoint grants for the tests.
import http from 'node:http';
import Provider from 'oidc-provider';

const stats = { refresh_success: 0, refresh_error: 0, code_success: 0, code_error: 0 };
const accessTtl = Number(process.env.OIDC_ACCESS_TTL || 3600);

const server = http.createServer();
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address();
  const issuer = `http://127.0.0.1:${port}`;
  const loopback = 'http://127.0.0.1/api/external-auth/callback';
  const common = {
    application_type: 'native',
    grant_types: ['authorization_code', 'refresh_token'],
    response_types: ['code'],
    scope: 'openid email profile offline_access calendar.read calendar.write',
  };
  const provider = new Provider(issuer, {
    clients: [
      { ...common, client_id: 'app-client', client_secret: 'app-client-secret', redirect_uris: [loopback], token_endpoint_auth_method: 'client_secret_basic' },
      { ...common, client_id: 'post-client', client_secret: 'post-client-secret', redirect_uris: [loopback], token_endpoint_auth_method: 'client_secret_post' },
      { ...common, client_id: 'elsewhere-client', client_secret: 'elsewhere-secret', redirect_uris: ['http://127.0.0.1/some/other/callback'], token_endpoint_auth_method: 'client_secret_basic' },
      // Web clients registered with an app's derived redirect URIs (for doctor's probes).
      { ...common, application_type: 'web', client_id: 'web-client', client_secret: 'web-client-secret', token_endpoint_auth_method: 'client_secret_basic',
        redirect_uris: ['https://crm.base44.app/api/external-auth/callback', 'https://preview--crm.base44.app/api/external-auth/callback'] },
      { ...common, application_type: 'web', client_id: 'web-live-only', client_secret: 'web-live-only-secret', token_endpoint_auth_method: 'client_secret_basic',
        redirect_uris: ['https://crm.base44.app/api/external-auth/callback'] },
    ],
    scopes: ['openid', 'email', 'profile', 'offline_access', 'calendar.read', 'calendar.write', 'admin'],
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
    conformIdTokenClaims: false,
    cookies: { keys: ['connectors-test-cookie-key'] },
    pkce: { required: () => true },
    features: {
      devInteractions: { enabled: false },
      introspection: { enabled: true },
      revocation: { enabled: true },
    },
    issueRefreshToken: async (_ctx, client) => client.grantTypeAllowed('refresh_token'),
    rotateRefreshToken: true,
    ttl: { AccessToken: accessTtl, AuthorizationCode: 60, Grant: 3600, Interaction: 600, Session: 3600, IdToken: 3600, RefreshToken: 86400 },
    findAccount: async (_ctx, id) => ({
      accountId: id,
      claims: async () => ({ sub: id, email: `${id}@example.test`, email_verified: true, name: id }),
    }),
  });

  provider.on('grant.success', (ctx) => {
    const t = ctx.oidc.params.grant_type;
    if (t === 'refresh_token') stats.refresh_success += 1;
    if (t === 'authorization_code') stats.code_success += 1;
  });
  provider.on('grant.error', (ctx) => {
    const t = ctx.oidc.params?.grant_type;
    if (t === 'refresh_token') stats.refresh_error += 1;
    if (t === 'authorization_code') stats.code_error += 1;
  });

  // RFC 8414 metadata beside the OpenID Connect one. With OIDC_SPLIT_DISCOVERY=1 the
  // OpenID Connect document leaves out revocation_endpoint, as some servers' do, so that
  // a client must read both to find it.
  const splitDiscovery = process.env.OIDC_SPLIT_DISCOVERY === '1';
  provider.use(async (ctx, next) => {
    const rfc8414 = ctx.path === '/.well-known/oauth-authorization-server';
    if (rfc8414) ctx.path = '/.well-known/openid-configuration';
    await next();
    if (splitDiscovery && !rfc8414 && ctx.path === '/.well-known/openid-configuration' && ctx.body && typeof ctx.body === 'object') {
      const { revocation_endpoint: _omitted, ...rest } = ctx.body;
      ctx.body = rest;
    }
  });

  provider.use(async (ctx, next) => {
    if (ctx.path === '/test/stats') {
      ctx.body = stats;
      return;
    }
    // A real browser (headless Chromium in the tests) gets real pages: a sign-in form,
    // then a consent form, posted back here. The scripted stand-in says the same with
    // X-Test-* headers instead.
    const page = ctx.path.match(/^\/interaction\/([^/]+)(\/(login|confirm))?$/);
    if (page && !ctx.get('x-test-user')) {
      const details = await provider.interactionDetails(ctx.req, ctx.res);
      const uid = page[1];
      if (ctx.method === 'GET') {
        const login = details.prompt.name === 'login';
        const title = login ? 'Sign in to the test provider' : `Allow ${details.params.client_id}?`;
        const body = login
          ? `<form method="post" action="/interaction/${uid}/login"><label>User <input name="login" autofocus></label> <button type="submit" name="submit">Sign in</button></form>`
          : `<p>${details.params.client_id} asks for: ${details.params.scope}</p><form method="post" action="/interaction/${uid}/confirm"><button type="submit" name="approve" value="yes">Approve</button> <button type="submit" name="deny" value="yes">Deny</button></form>`;
        ctx.type = 'html';
        ctx.body = `<!doctype html><html><head><title>${title}</title></head><body><h1>${title}</h1>${body}</body></html>`;
        return;
      }
      if (ctx.method === 'POST') {
        const raw = await new Promise((resolve) => {
          let data = '';
          ctx.req.on('data', (c) => { data += c; });
          ctx.req.on('end', () => resolve(data));
        });
        const form = new URLSearchParams(raw);
        let result;
        if (page[3] === 'login') {
          result = { login: { accountId: form.get('login') || 'alice' } };
        } else if (form.get('deny')) {
          result = { error: 'access_denied', error_description: 'End-User denied the consent' };
        } else {
          const grant = new provider.Grant({ accountId: details.session.accountId, clientId: details.params.client_id });
          grant.addOIDCScope(String(details.params.scope || ''));
          result = { consent: { grantId: await grant.save() } };
        }
        const to = await provider.interactionResult(ctx.req, ctx.res, result, { mergeWithLastSubmission: false });
        ctx.status = 303;
        ctx.redirect(to);
        return;
      }
    }
    const m = ctx.path.match(/^\/interaction\/([^/]+)$/);
    if (!m || ctx.method !== 'GET') {
      await next();
      return;
    }
    const details = await provider.interactionDetails(ctx.req, ctx.res);
    const user = ctx.get('x-test-user') || 'alice';
    const decision = ctx.get('x-test-decision') || 'consent';
    let result;
    if (decision === 'deny') {
      result = { error: 'access_denied', error_description: 'End-User denied the consent' };
    } else if (decision === 'testers_only') {
      // Words of Google's refusal of a user who is not a test user of an app in testing.
      result = { error: 'access_denied', error_description: 'The app is currently being tested, and can only be accessed by developer-approved testers' };
    } else if (details.prompt.name === 'login') {
      result = { login: { accountId: user } };
    } else {
      const grant = details.grantId
        ? await provider.Grant.find(details.grantId)
        : new provider.Grant({ accountId: details.session.accountId, clientId: details.params.client_id });
      const requested = String(details.params.scope || '').split(' ').filter(Boolean);
      const withheld = new Set(String(ctx.get('x-test-withhold') || '').split(' ').filter(Boolean));
      grant.addOIDCScope(requested.filter((s) => !withheld.has(s)).join(' '));
      if (withheld.size) grant.rejectOIDCScope([...withheld].join(' '));
      result = { consent: { grantId: await grant.save() } };
    }
    const to = await provider.interactionResult(ctx.req, ctx.res, result, { mergeWithLastSubmission: false });
    ctx.status = 303;
    ctx.redirect(to);
  });

  server.on('request', provider.callback());
  process.stdout.write(`${JSON.stringify({ issuer, port })}\n`);
});

// Stop with the test that started it.
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
