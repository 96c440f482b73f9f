// The OpenID provider the company-login tests talk to: node-oidc-provider, a certified
// implementation, with a tiny login page and a few test-only endpoints under /test/.
//
//   node tests/oidc/provider.mjs            (PORT=0 picks a free port)
//
// Prints "listening http://127.0.0.1:<port>" once it answers. Clients register themselves
// (dynamic registration), so each test run names its own redirect URI, and may name a
// back-channel logout URI (OpenID Connect Back-Channel Logout 1.0, with the session id).
//
// Test-only endpoints (JSON bodies):
//   POST /test/people           {sub, email, name, preferred_username, groups}  add or replace
//   POST /test/people/<sub>     {groups?, disabled?}                           change
//                               disabled: true also ends every provider session of theirs,
//                               telling each client that registered a back-channel logout
//                               URI (answers {"sent": n, "failed": ["..."]})
//   POST /test/rogue-signing    {on: true|false}   ID tokens re-signed with a key the provider
//                                                  does not publish: a bad signature
//   POST /test/sign             {claims, typ?, rogue?}  a JWT of exactly these claims, signed
//                                                  with the provider's key (or the rogue one):
//                                                  forged logout tokens, answers {token}
import crypto from "node:crypto";
import http from "node:http";

import Provider, { interactionPolicy } from "oidc-provider";

const port = Number(process.env.PORT || 0);

function signingKey(kid) {
  const { privateKey } = crypto.generateKeyPairSync("rsa", { modulusLength: 2048 });
  return { privateKey, jwk: { ...privateKey.export({ format: "jwk" }), kid, alg: "RS256", use: "sig" } };
}

const real = signingKey("test-key");
// Same kid as the real one: the dashboard finds "the" key and the signature does not match.
const rogue = signingKey("test-key");
let rogueSigning = false;

const people = new Map();
// The provider sessions (by uid, stable across logins) each person signed in with, so that
// disabling them can end those sessions, as an IdP does when an admin disables someone.
const sessionsOf = new Map();

function b64url(buffer) {
  return Buffer.from(buffer).toString("base64url");
}

// RS256 over exactly the claims given, with the key's kid: tokens the provider would never
// issue (a nonce, another audience), signed as if it had.
function sign(claims, { typ = "logout+jwt", key = real.privateKey } = {}) {
  const header = b64url(JSON.stringify({ alg: "RS256", kid: "test-key", typ }));
  const payload = b64url(JSON.stringify(claims));
  const signature = crypto.sign("sha256", Buffer.from(`${header}.${payload}`), key);
  return `${header}.${payload}.${b64url(signature)}`;
}

function resign(token) {
  const [header, payload] = token.split(".");
  const signature = crypto.sign("sha256", Buffer.from(`${header}.${payload}`), rogue.privateKey);
  return `${header}.${payload}.${b64url(signature)}`;
}

// A person disabled here has to sign in again, which they cannot: their provider session is
// no longer enough (a silent prompt=none check answers login_required), as at a real IdP.
const policy = interactionPolicy.base();
policy.get("login").checks.add(
  new interactionPolicy.Check("disabled", "The person was disabled", (ctx) => {
    const person = people.get(ctx.oidc.session.accountId);
    return person && person.disabled
      ? interactionPolicy.Check.REQUEST_PROMPT
      : interactionPolicy.Check.NO_NEED_TO_PROMPT;
  }),
  0,
);

const server = http.createServer();
server.listen(port, "127.0.0.1", () => {
  const issuer = `http://127.0.0.1:${server.address().port}`;
  const provider = new Provider(issuer, {
    jwks: { keys: [real.jwk] },
    cookies: { keys: [crypto.randomBytes(16).toString("hex")] },
    scopes: ["openid", "email", "profile", "groups"],
    claims: {
      openid: ["sub"],
      email: ["email", "email_verified"],
      profile: ["name", "given_name", "family_name", "preferred_username"],
      groups: ["groups"],
    },
    // The claims of the granted scopes go into the ID token itself (signed), not only userinfo.
    conformIdTokenClaims: false,
    pkce: { required: () => true },
    // The library's outgoing requests (back-channel logouts) refuse special-use addresses, a
    // guard against SSRF; the dashboard under test is on 127.0.0.1, so this provider sends
    // without that guard (its own timeout stays).
    fetch: (url, { dispatcher, ...options }) => globalThis.fetch(url, options),
    interactions: { policy, url: (ctx, interaction) => `/interaction/${interaction.uid}` },
    features: {
      devInteractions: { enabled: false },
      registration: { enabled: true },
      backchannelLogout: { enabled: true },
    },
    async findAccount(ctx, sub) {
      const person = people.get(sub);
      // A disabled person has no account any more: a provider session of theirs is void.
      if (!person || person.disabled) return undefined;
      return {
        accountId: sub,
        async claims() {
          return {
            sub,
            email: person.email,
            email_verified: true,
            name: person.name,
            preferred_username: person.preferred_username,
            groups: person.groups,
          };
        },
      };
    },
    // No consent screen: the company's own application is trusted with what it asks for.
    async loadExistingGrant(ctx) {
      const grantId =
        ctx.oidc.result?.consent?.grantId || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
      if (grantId) return ctx.oidc.provider.Grant.find(grantId);
      const grant = new ctx.oidc.provider.Grant({
        clientId: ctx.oidc.client.clientId,
        accountId: ctx.oidc.session.accountId,
      });
      grant.addOIDCScope("openid email profile groups");
      await grant.save();
      return grant;
    },
  });

  // Shown in the test's output when a test fails (tests/oidc/server.py keeps the lines).
  provider.on("server_error", (ctx, error) => console.error("server_error", error));

  provider.on("authorization.success", (ctx) => {
    const { session } = ctx.oidc;
    if (!session || !session.accountId) return;
    if (!sessionsOf.has(session.accountId)) sessionsOf.set(session.accountId, new Set());
    sessionsOf.get(session.accountId).add(session.uid);
  });

  // Every provider session of this person ends, and every client of each that registered a
  // back-channel logout URI is told (what node-oidc-provider's own end_session does for one
  // session), awaited, so the test sees the dashboard's sessions already ended.
  async function endSessionsOf(sub) {
    let sent = 0;
    const failed = [];
    for (const uid of sessionsOf.get(sub) || []) {
      const session = await provider.Session.findByUid(uid);
      if (!session) continue;
      for (const clientId of Object.keys(session.authorizations || {})) {
        const client = await provider.Client.find(clientId);
        if (!client || !client.backchannelLogoutUri) continue;
        try {
          await client.backchannelLogout(sub, session.sidFor(clientId));
          sent += 1;
        } catch (error) {
          // fetch's own message is "fetch failed": the reason is in its cause.
          const cause = error.cause ? `: ${error.cause.code || error.cause.message}` : "";
          console.error("backchannel logout failed", String(error), cause);
          failed.push(`${error.message || error}${cause}`);
        }
      }
      await session.destroy();
    }
    sessionsOf.delete(sub);
    return { sent, failed };
  }

  provider.use(async (ctx, next) => {
    await next();
    if (rogueSigning && ctx.path === "/token" && ctx.body && ctx.body.id_token) {
      ctx.body = { ...ctx.body, id_token: resign(ctx.body.id_token) };
    }
  });

  const handle = provider.callback();

  async function body(req) {
    const chunks = [];
    for await (const chunk of req) chunks.push(chunk);
    return Buffer.concat(chunks).toString("utf8");
  }

  function send(res, status, type, text) {
    res.writeHead(status, { "content-type": type });
    res.end(text);
  }

  server.on("request", async (req, res) => {
    const url = new URL(req.url, issuer);
    try {
      if (url.pathname.startsWith("/test/") && req.method === "POST") {
        const data = JSON.parse((await body(req)) || "{}");
        if (url.pathname === "/test/people") {
          people.set(data.sub, { groups: [], disabled: false, ...data });
        } else if (url.pathname === "/test/rogue-signing") {
          rogueSigning = Boolean(data.on);
        } else if (url.pathname === "/test/sign") {
          const key = data.rogue ? rogue.privateKey : real.privateKey;
          const token = sign(data.claims || {}, { typ: data.typ, key });
          return send(res, 200, "application/json", JSON.stringify({ token }));
        } else if (url.pathname.startsWith("/test/people/")) {
          const sub = decodeURIComponent(url.pathname.slice("/test/people/".length));
          const person = people.get(sub);
          if (!person) return send(res, 404, "text/plain", "no such person");
          Object.assign(person, data);
          if (data.disabled) {
            return send(res, 200, "application/json", JSON.stringify(await endSessionsOf(sub)));
          }
        } else {
          return send(res, 404, "text/plain", "no such test endpoint");
        }
        return send(res, 200, "application/json", "{}");
      }
      const interaction = url.pathname.match(/^\/interaction\/([^/]+)(\/login)?$/);
      if (interaction) {
        const details = await provider.interactionDetails(req, res);
        if (!interaction[2]) {
          return send(
            res,
            200,
            "text/html",
            `<!doctype html><title>Company sign-in</title><h1>Company sign-in</h1>
<form method="post" action="/interaction/${details.uid}/login">
<label>User name <input name="login" autofocus></label>
<button type="submit">Sign in</button></form>`,
          );
        }
        const login = new URLSearchParams(await body(req)).get("login") || "";
        const person = people.get(login);
        const result =
          person && !person.disabled
            ? { login: { accountId: login } }
            : { error: "access_denied", error_description: "This person may not sign in." };
        return await provider.interactionFinished(req, res, result, {
          mergeWithLastSubmission: false,
        });
      }
      return handle(req, res);
    } catch (error) {
      send(res, 500, "text/plain", String(error && error.stack ? error.stack : error));
    }
  });
  console.log(`listening ${issuer}`);
});
