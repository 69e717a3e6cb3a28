// The overview's table, virtualized: every row has the same height, and only the rows in view
// (and a few around them) are in the DOM, so that 10,000 stores scroll, sort and filter as
// smoothly as ten. The table keeps its ARIA roles: `aria-rowcount` on the table and
// `aria-rowindex` on each row tell assistive technology where a row sits in the whole list.

// Rows drawn beyond the view on each side, so that a short scroll shows rows already drawn.
const OVERSCAN = 4;
// Most rows filled in one frame: a row costs about half a millisecond of style and layout on a
// slow till-office PC, so a frame that would fill the whole view (the first snapshot, a new
// sort) fills the rows nearest the top of the view first and the rest in the next frames.
const FILLS_PER_FRAME = 8;

export class VirtualTable {
  /**
   * @param {HTMLElement} scroller the scrolling box around the table
   * @param {HTMLTableElement} table the table (its thead stays on top while it scrolls)
   * @param {HTMLElement} tbody the rows' container
   * @param {number} rowHeight every row's height in CSS pixels
   * @param {(tr: HTMLTableRowElement, item: unknown, index: number) => void} fill draws one row
   * @param {(item: unknown) => string} keyOf what an item is the row of (a store's key)
   * @param {() => void} onDrawn called when every row in view shows its item
   */
  constructor(scroller, table, tbody, rowHeight, fill, keyOf, onDrawn = () => {}) {
    Object.assign(this, { scroller, table, tbody, rowHeight, fill, keyOf, onDrawn });
    // Whether some row in view still waits for its turn to be filled.
    this.behind = false;
    this.items = [];
    // What is drawn: key -> its <tr>, and per <tr> the item it shows and where.
    this.shown = new Map();
    this.drawn = new WeakMap();
    // Bumped by `refresh()`: a row drawn in an older generation is filled again.
    this.generation = 0;
    this.scheduled = false;
    // The geometry, kept as it changes, so that drawing never forces a layout of its own: the
    // sizes from the observer below (whose first call comes with the first layout, so that
    // making the table costs none either), the scroll position from scroll events.
    this.headHeight = 0;
    this.viewHeight = 0;
    this.scrollTop = 0;
    // Fills so far in the frame `budgetFrame` (a frame's rAF callbacks share one budget).
    this.budgetFrame = null;
    this.fills = 0;
    scroller.addEventListener('scroll', () => {
      this.scrollTop = scroller.scrollTop;
      this.schedule();
    }, { passive: true });
    const sizes = new ResizeObserver(() => {
      this.headHeight = table.tHead?.offsetHeight ?? 0;
      this.viewHeight = scroller.clientHeight;
      this.schedule();
    });
    sizes.observe(scroller);
    if (table.tHead) sizes.observe(table.tHead);
  }

  /** Shows `items` (already filtered and ordered). */
  setItems(items) {
    this.items = items;
    this.table.setAttribute('aria-rowcount', String(items.length + 1));
    this.tbody.style.height = `${items.length * this.rowHeight}px`;
    this.render();
  }

  /** Draws the rows in view again, in the next frame (the view scrolled or resized). */
  schedule() {
    if (this.scheduled) return;
    this.scheduled = true;
    requestAnimationFrame(() => {
      this.scheduled = false;
      this.render();
    });
  }

  /** Fills every row in view again, in the next frame: something `fill` reads besides the item
   * changed (the store selected for details). */
  refresh() {
    this.generation += 1;
    this.schedule();
  }

  /** Draws the rows in view. A store that stays in view keeps its <tr>, and a row is filled
   * again only when its item changed, so that a frame lays out only what changed (a row's
   * place is a transform); at most `FILLS_PER_FRAME` rows are filled per frame, the rest in the
   * next ones. */
  render() {
    const scrolled = Math.max(0, this.scrollTop - this.headHeight);
    const top = Math.floor(scrolled / this.rowHeight);
    const first = Math.max(0, top - OVERSCAN);
    const count = Math.ceil(this.viewHeight / this.rowHeight) + 2 * OVERSCAN;
    const frame = document.timeline.currentTime;
    if (frame !== this.budgetFrame) {
      this.budgetFrame = frame;
      this.fills = 0;
    }
    const last = Math.min(this.items.length, first + count);
    const keys = [];
    for (let i = first; i < last; i++) keys.push(this.keyOf(this.items[i]));
    const wanted = new Set(keys);
    const free = [];
    for (const [key, tr] of this.shown) {
      if (!wanted.has(key)) {
        free.push(tr);
        this.shown.delete(key);
      }
    }
    // The rows from the top of the view down first, then the overscan above it.
    const indices = [];
    for (let i = Math.max(first, Math.min(top, last)); i < last; i++) indices.push(i);
    for (let i = first; i < Math.min(top, last); i++) indices.push(i);
    let behind = false;
    const placed = new Map(); // index -> tr
    for (const i of indices) {
      const item = this.items[i];
      const key = keys[i - first];
      let tr = this.shown.get(key);
      const drawn = tr && this.drawn.get(tr);
      const needsFill = !drawn || drawn.item !== item || drawn.generation !== this.generation;
      let filled = false;
      if (needsFill && this.fills >= FILLS_PER_FRAME) {
        behind = true;
        // A row still showing this store (an older state of it) stays, in its new place;
        // a row not yet drawn for it waits for the next frame.
        if (!tr) continue;
      } else if (needsFill) {
        if (!tr) {
          tr = free.pop() ?? document.createElement('tr');
          tr.setAttribute('role', 'row');
          this.shown.set(key, tr);
        }
        this.fill(tr, item, i);
        this.fills += 1;
        filled = true;
      }
      if (!drawn || filled || drawn.index !== i) {
        tr.style.transform = `translateY(${i * this.rowHeight}px)`;
        tr.setAttribute('aria-rowindex', String(i + 2));
      }
      this.drawn.set(tr, filled ? { item, index: i, generation: this.generation } : { ...drawn, index: i });
      placed.set(i, tr);
    }
    for (const tr of free) {
      tr.remove();
      this.drawn.delete(tr);
    }
    const rows = [];
    for (let i = first; i < last; i++) if (placed.has(i)) rows.push(placed.get(i));
    // The rows in their order, moving only those out of place: the others leave the DOM.
    let next = this.tbody.firstChild;
    for (const tr of rows) {
      if (tr === next) next = next.nextSibling;
      else this.tbody.insertBefore(tr, next);
    }
    this.behind = behind;
    if (behind) this.schedule();
    else this.onDrawn();
  }
}
