// Tickets kept locally in IndexedDB, the way the WebPOS keeps them:
// - `pendingTickets`: paid tickets waiting to be sent to the server (the synchronization
//   buffer); nothing ever deletes them: not a logout, not the guard;
// - `openTickets`: the session's unpaid tickets, some carrying payments already; the WebPOS's
//   own logout deletes those without payments (after a supervisor's approval) and refuses to
//   log out while one carries payments. The guard never deletes any.
// A classic script, as WebPOS module scripts are.
(function () {
  'use strict';
  const DB = 'webpos-demo';
  const VERSION = 2;
  const PAID = 'pendingTickets';
  const OPEN = 'openTickets';

  function open() {
    return new Promise((resolve, reject) => {
      const request = indexedDB.open(DB, VERSION);
      request.onupgradeneeded = () => {
        const db = request.result;
        if (!db.objectStoreNames.contains(PAID)) db.createObjectStore(PAID, { keyPath: 'id' });
        if (!db.objectStoreNames.contains(OPEN)) db.createObjectStore(OPEN, { keyPath: 'id' });
      };
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
  }

  async function run(storeName, mode, work) {
    const db = await open();
    try {
      return await new Promise((resolve, reject) => {
        const tx = db.transaction(storeName, mode);
        const result = work(tx.objectStore(storeName));
        tx.oncomplete = () => resolve(result?.result ?? result);
        tx.onerror = () => reject(tx.error);
      });
    } finally {
      db.close();
    }
  }

  const byDate = (a, b) => a.createdAt.localeCompare(b.createdAt);

  function ticket(terminal, user, session) {
    return {
      id: crypto.randomUUID(),
      terminal,
      user,
      session,
      createdAt: new Date().toISOString(),
      total: Math.round(Math.random() * 10000) / 100,
      payments: [],
    };
  }

  window.DemoTickets = {
    /** Saves a paid ticket, waiting to be sent, and returns it. */
    async addPaidTicket(terminal, user, session) {
      const paid = ticket(terminal, user, session);
      paid.payments.push({ kind: 'cash', amount: paid.total });
      await run(PAID, 'readwrite', (store) => store.add(paid));
      return paid;
    },
    /** Opens an unpaid ticket in this session and returns it. */
    async addOpenTicket(terminal, user, session) {
      const open = ticket(terminal, user, session);
      await run(OPEN, 'readwrite', (store) => store.add(open));
      return open;
    },
    /** Adds a partial payment to the newest open ticket. */
    async payPartOfOpenTicket() {
      const open = await this.openTickets();
      const last = open.at(-1);
      if (!last) return null;
      last.payments.push({ kind: 'card', amount: Math.round(last.total * 50) / 100 });
      await run(OPEN, 'readwrite', (store) => store.put(last));
      return last;
    },
    /** Paid tickets waiting to be sent, oldest first. */
    async pendingTickets() {
      return (await run(PAID, 'readonly', (store) => store.getAll())).sort(byDate);
    },
    /** Open (unpaid) tickets, oldest first. */
    async openTickets() {
      return (await run(OPEN, 'readonly', (store) => store.getAll())).sort(byDate);
    },
    /** The WebPOS's logout: deletes `session`'s open tickets that carry no payment. */
    async deleteOpenTickets(session) {
      const open = await this.openTickets();
      const doomed = open.filter((t) => t.session === session && t.payments.length === 0);
      await run(OPEN, 'readwrite', (store) => {
        for (const t of doomed) store.delete(t.id);
        return doomed.length;
      });
      return doomed.length;
    },
  };
})();
