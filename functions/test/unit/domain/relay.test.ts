import assert from 'node:assert/strict';
import fc from 'fast-check';
import { EMPTY_LEASE, LeaseView, onAcquire, onArrive, onRenew, onWait } from '../../../src/domain/relay';

const lease = (over: Partial<LeaseView>): LeaseView => ({ ...EMPTY_LEASE, ...over });

describe('domain/relay', () => {
  it('arrival: hold a free, expired or own lease; stand by beside a holder; leave if a standby already waits', () => {
    assert.equal(onArrive(null, 'a', 0).kind, 'hold');
    assert.equal(onArrive(lease({ owner: 'b', expiresAt: 10 }), 'a', 10).kind, 'hold', 'expired at its expiry time');
    assert.equal(onArrive(lease({ owner: 'a', expiresAt: 99 }), 'a', 10).kind, 'hold');
    assert.equal(onArrive(lease({ owner: 'b', expiresAt: 99 }), 'a', 10).kind, 'stand_by');
    assert.equal(onArrive(lease({ owner: 'b', expiresAt: 99, successor: 'c', successorUntil: 50 }), 'a', 10).kind, 'leave');
    assert.equal(onArrive(lease({ owner: 'b', expiresAt: 99, successor: 'c', successorUntil: 5 }), 'a', 10).kind, 'stand_by', 'a lapsed standby is replaced');
  });

  it('plain acquire: hold a free, expired or own lease, never beside a live holder (and a standby slot does not matter)', () => {
    assert.equal(onAcquire(null, 'a', 0).kind, 'hold');
    assert.equal(onAcquire(lease({ owner: 'b', expiresAt: 10 }), 'a', 10).kind, 'hold');
    assert.equal(onAcquire(lease({ owner: 'a', expiresAt: 99 }), 'a', 10).kind, 'hold');
    assert.equal(onAcquire(lease({ owner: 'b', expiresAt: 99 }), 'a', 10).kind, 'leave');
    assert.equal(onAcquire(lease({ owner: null, expiresAt: 0, successor: 'c', successorUntil: 50 }), 'a', 10).kind, 'hold');
  });

  it('waiting: take on a handover or a dead holder, leave when replaced', () => {
    assert.deepEqual(onWait(lease({ owner: 'a', expiresAt: 99 }), 'a', 10), { kind: 'take', tookOver: false });
    assert.deepEqual(onWait(lease({ owner: 'b', expiresAt: 9, successor: 'a', successorUntil: 50 }), 'a', 10), { kind: 'take', tookOver: true });
    assert.equal(onWait(lease({ owner: 'b', expiresAt: 99, successor: 'a', successorUntil: 50 }), 'a', 10).kind, 'wait');
    assert.equal(onWait(lease({ owner: 'b', expiresAt: 99, successor: 'c', successorUntil: 50 }), 'a', 10).kind, 'leave');
    assert.equal(onWait(lease({ owner: 'b', expiresAt: 9, successor: 'c', successorUntil: 50 }), 'a', 10).kind, 'leave', 'the live standby takes it, not us');
  });

  it('renewal: keep, hand over to a live standby only when allowed, lost when not ours', () => {
    const l = lease({ owner: 'a', expiresAt: 99, successor: 'b', successorUntil: 50 });
    assert.deepEqual(onRenew(l, 'a', 10, true), { kind: 'hand_over', to: 'b' });
    assert.deepEqual(onRenew(l, 'a', 10, false), { kind: 'keep' });
    assert.deepEqual(onRenew({ ...l, successorUntil: 5 }, 'a', 10, true), { kind: 'keep' }, 'a lapsed standby gets nothing');
    assert.deepEqual(onRenew(l, 'c', 10, true), { kind: 'lost' });
    assert.deepEqual(onRenew({ ...l, expiresAt: 9 }, 'a', 10, false), { kind: 'lost' }, 'expired with a standby waiting: it may be working');
  });

  it('never two holders: any interleaving of arrivals, waits, renewals and expiries leaves at most one owner working', () => {
    const owners = ['a', 'b', 'c'];
    type Step = { who: number; what: 'arrive' | 'wait' | 'renew' | 'handover'; dt: number };
    const step = fc.record({ who: fc.integer({ min: 0, max: 2 }), what: fc.constantFrom('arrive', 'wait', 'renew', 'handover'), dt: fc.integer({ min: 0, max: 40 }) }) as fc.Arbitrary<Step>;
    fc.assert(
      fc.property(fc.array(step, { maxLength: 60 }), (steps) => {
        const ttl = 30;
        let l = null as LeaseView | null;
        let now = 0;
        // Who believes it holds the lease, and until when its belief is backed by a renewal.
        const believes = new Map<string, number>();
        for (const s of steps) {
          now += s.dt;
          const me = owners[s.who]!;
          if (s.what === 'arrive') {
            const d = onArrive(l, me, now);
            const prev: LeaseView | null = l;
            if (d.kind === 'hold') { l = { owner: me, expiresAt: now + ttl, successor: prev && prev.successor !== me && prev.successorUntil > now ? prev.successor : null, successorUntil: prev?.successorUntil ?? 0, nextDueAt: null }; believes.set(me, now + ttl); }
            if (d.kind === 'stand_by') l = { ...l!, successor: me, successorUntil: now + ttl };
          } else if (s.what === 'wait') {
            const d = onWait(l, me, now);
            if (d.kind === 'take') { l = { owner: me, expiresAt: now + ttl, successor: null, successorUntil: 0, nextDueAt: null }; believes.set(me, now + ttl); }
            if (d.kind === 'wait') l = { ...l!, successor: me, successorUntil: now + ttl };
          } else if (believes.has(me)) {
            const d = onRenew(l, me, now, s.what === 'handover');
            if (d.kind === 'lost') believes.delete(me);
            else if (d.kind === 'keep') { l = { ...l!, expiresAt: now + ttl }; believes.set(me, now + ttl); }
            else { believes.delete(me); l = { owner: d.to, expiresAt: now + ttl, successor: null, successorUntil: 0, nextDueAt: null }; }
          }
          // A holder works only while its lease is unexpired; at most one such holder at any time.
          const working = [...believes].filter(([o, until]) => until > now && l?.owner === o);
          if (working.length > 1) return false;
          const stale = [...believes].filter(([o, until]) => until > now && l?.owner !== o);
          // A holder that lost the lease without knowing can only be one whose lease expired first.
          if (stale.length > 0) return false;
        }
        return true;
      }),
    );
  });
});
