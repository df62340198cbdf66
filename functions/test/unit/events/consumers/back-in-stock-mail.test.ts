import assert from 'node:assert/strict';
import { backInStockMail, backOnMail } from '../../../../src/events/consumers/back-in-stock-mail';

describe('events/consumers/back-in-stock-mail', () => {
  it('a Trigger Email document: to, subject, text and HTML, with the product name escaped in HTML', () => {
    const m = backInStockMail('ann@example.com', 'Lotus <Black> & "Co"', 'A-1', 3, 'u1', 'n1');
    assert.deepEqual(m.to, ['ann@example.com']);
    assert.equal(m.message.subject, 'Lotus <Black> & "Co" is back in stock');
    assert.match(m.message.text, /\(A-1\) is back in stock, 3 available right now/);
    assert.match(m.message.html, /<strong>Lotus &lt;Black&gt; &amp; &quot;Co&quot;<\/strong>/);
    assert.doesNotMatch(m.message.html, /<Black>/);
    assert.deepEqual([m.uid, m.sku, m.notificationId], ['u1', 'A-1', 'n1']);
    assert.ok(m.expireAt.toMillis() > Date.now(), 'kept for its retention, then deleted by TTL');
  });

  it('"expected back on <date>": the date in words, in UTC, and a promise of a second mail', () => {
    const m = backOnMail('ann@example.com', 'Lotus', 'A-1', '2026-12-20T23:30:00.000Z', 'u1', 'n2');
    assert.equal(m.message.subject, 'Lotus is expected back on 20 December 2026');
    assert.match(m.message.text, /We will write again when it is in stock/);
  });
});
