import assert from 'node:assert/strict';
import { addSale, coverFigures, coverLow, DailySales, daysOfCover, dayKey, velocity } from '../../../src/domain/cover';

const NOW = Date.UTC(2026, 11, 4, 15);
const DAY = 86_400_000;

/** A synthetic history: `perDay(i)` units on day i before today (0 = today), per channel. */
function history(perDay: (i: number) => Record<string, number>, days = 40): DailySales {
  let s: DailySales = {};
  for (let i = days - 1; i >= 0; i--) for (const [c, n] of Object.entries(perDay(i))) if (n) s = addSale(s, NOW - i * DAY, c, n, 60);
  return s;
}

describe('domain/cover', () => {
  it('velocity over 7 and 28 days, per channel and in all, days without sales counting as 0', () => {
    // 4 a day online every day, 2 a day in store on the last 7 days only, and a spike 30 days ago (outside 28).
    const s = history((i) => ({ online: 4, 'store-berlin': i < 7 ? 2 : 0, marketplace: i === 30 ? 100 : 0 }));
    assert.equal(velocity(s, NOW, 7), 6);
    assert.equal(velocity(s, NOW, 28), (4 * 28 + 2 * 7) / 28);
    assert.equal(velocity(s, NOW, 7, 'store-berlin'), 2);
    assert.equal(velocity(s, NOW, 28, 'marketplace'), 0);
    const f = coverFigures(s, 30, NOW);
    assert.equal(f.cover, 5, '30 sellable at 6 a day: 5 days');
    assert.deepEqual(Object.keys(f.channels), ['online', 'store-berlin']);
  });

  it('a fast seller is flagged while it still has units; a slow one with few units is not; nothing sold: no cover', () => {
    const fast = history(() => ({ online: 20 }));
    const slow = history((i) => ({ online: i % 14 === 0 ? 1 : 0 }));
    // 120 units at 20 a day: 6 days, below 7 + 3.
    assert.equal(coverFigures(fast, 120, NOW).cover, 6);
    assert.equal(coverLow(coverFigures(fast, 120, NOW).cover, 7, 3), true);
    // 3 units, one sold in the last 7 days (1/7 a day): 21 days of cover, not flagged.
    assert.equal(coverLow(coverFigures(slow, 3, NOW).cover, 7, 3), false);
    assert.equal(daysOfCover(5, 0), null);
    assert.equal(coverLow(null, 7, 3), false);
    // Nothing this week but some in the month: the 28-day pace answers.
    const lapsed = history((i) => ({ online: i >= 10 && i < 24 ? 2 : 0 }));
    assert.equal(coverFigures(lapsed, 10, NOW).cover, 10 / 1);
  });

  it('keeps only the last days it needs', () => {
    let s: DailySales = {};
    for (let i = 50; i >= 0; i--) s = addSale(s, NOW - i * DAY, 'online', 1);
    assert.equal(Object.keys(s).length, 35);
    assert.equal(Object.keys(s).sort()[0], dayKey(NOW - 34 * DAY));
  });
});
