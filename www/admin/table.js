// The overview's table, virtualized: every row has the same height, and only the rows in view
// (and a few around them) are in the DOM, so that 10,000 stores scroll, sort and filter as
// smoothly as ten. The table keeps its ARIA roles: `aria-rowcount` on the table and
// `aria-rowindex` on each row tell assistive technology where a row sits in the whole list.

const OVERSCAN = 8;

export class VirtualTable {
  /**
   * @param {HTMLElement} scroller the scrolling box around the table
   * @param {HTMLTableElement} table the table (its thead stays on top while it scrolls)
   * @param {HTMLElement} tbody the rows' container
   * @param {number} rowHeight every row's height in CSS pixels
   * @param {(tr: HTMLTableRowElement, item: unknown, index: number) => void} fill draws one row
   */
  constructor(scroller, table, tbody, rowHeight, fill) {
    Object.assign(this, { scroller, table, tbody, rowHeight, fill });
    this.items = [];
    this.pool = [];
    this.scheduled = false;
    scroller.addEventListener('scroll', () => this.schedule(), { passive: true });
    new ResizeObserver(() => this.schedule()).observe(scroller);
  }

  /** Shows `items` (already filtered and ordered). */
  setItems(items) {
    this.items = items;
    this.table.setAttribute('aria-rowcount', String(items.length + 1));
    this.tbody.style.height = `${items.length * this.rowHeight}px`;
    this.render();
  }

  /** Draws the rows in view again (their data changed). */
  schedule() {
    if (this.scheduled) return;
    this.scheduled = true;
    requestAnimationFrame(() => {
      this.scheduled = false;
      this.render();
    });
  }

  /** Scrolls so that the item at `index` is in view. */
  reveal(index) {
    const top = index * this.rowHeight;
    const head = this.table.tHead?.offsetHeight ?? 0;
    const view = this.scroller.clientHeight - head;
    if (top < this.scroller.scrollTop) this.scroller.scrollTop = top;
    else if (top + this.rowHeight > this.scroller.scrollTop + view) this.scroller.scrollTop = top + this.rowHeight - view;
    this.render();
  }

  render() {
    const head = this.table.tHead?.offsetHeight ?? 0;
    const scrolled = Math.max(0, this.scroller.scrollTop - head);
    const first = Math.max(0, Math.floor(scrolled / this.rowHeight) - OVERSCAN);
    const count = Math.ceil(this.scroller.clientHeight / this.rowHeight) + 2 * OVERSCAN;
    const last = Math.min(this.items.length, first + count);
    while (this.pool.length < last - first) {
      const tr = document.createElement('tr');
      tr.setAttribute('role', 'row');
      this.pool.push(tr);
    }
    const rows = [];
    for (let i = first; i < last; i++) {
      const tr = this.pool[i - first];
      tr.style.transform = `translateY(${i * this.rowHeight}px)`;
      tr.setAttribute('aria-rowindex', String(i + 2));
      this.fill(tr, this.items[i], i);
      rows.push(tr);
    }
    // Only the rows in view: the others leave the DOM.
    if (this.tbody.children.length !== rows.length || rows.some((tr, i) => this.tbody.children[i] !== tr)) {
      this.tbody.replaceChildren(...rows);
    }
  }
}
