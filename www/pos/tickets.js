// Tickets kept locally in IndexedDB as "pending to send", the way the WebPOS keeps what it has
// not yet synchronized. Nothing here ever deletes a pending ticket: not logout, not the guard.
const DB = 'webpos-demo';
const STORE = 'pendingTickets';

function open() {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DB, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE, { keyPath: 'id' });
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

async function run(mode, work) {
  const db = await open();
  try {
    return await new Promise((resolve, reject) => {
      const tx = db.transaction(STORE, mode);
      const result = work(tx.objectStore(STORE));
      tx.oncomplete = () => resolve(result.result ?? result);
      tx.onerror = () => reject(tx.error);
    });
  } finally {
    db.close();
  }
}

/** Saves a new ticket as pending to send and returns it. */
export async function addTicket(terminal, user) {
  const ticket = {
    id: crypto.randomUUID(),
    terminal,
    user,
    createdAt: new Date().toISOString(),
    total: Math.round(Math.random() * 10000) / 100,
  };
  await run('readwrite', (store) => store.add(ticket));
  return ticket;
}

/** Every pending ticket, oldest first. */
export async function pendingTickets() {
  const tickets = await run('readonly', (store) => store.getAll());
  return tickets.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}
