/**
 * Preload for child processes (e.g. a real n8n in an end-to-end suite) that must reach a
 * standalone fake as api.kick.com / id.kick.com:
 *   NODE_OPTIONS="-r /abs/test/support/register-ts.js -r /abs/test/support/kick-dns-preload.ts"
 *   FAKE_KICK_ADDRESS=127.x.y.z  NODE_EXTRA_CA_CERTS=<caBundle printed by test/fake-kick/main.ts>
 */
import { patchKickDns } from './kick-dns';

const address = process.env.FAKE_KICK_ADDRESS;
if (address) patchKickDns(address);
