import test from 'ava';
import { signWebhookBody } from '../../../connectors/webhook/sign-webhook-body.ts';

test('the signature is sha256= and the hex HMAC-SHA256 of the body (RFC 4231-style vector)', (t) => {
  t.is(signWebhookBody('key', 'The quick brown fox jumps over the lazy dog'), 'sha256=f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8');
  t.is(signWebhookBody('key', Buffer.from('The quick brown fox jumps over the lazy dog')), signWebhookBody('key', 'The quick brown fox jumps over the lazy dog'));
});
