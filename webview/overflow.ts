// A toolbar row that never wraps: when its groups do not fit, the least important ones move, whole,
// into a "More actions" menu at the row's end, and come back when the row grows. The groups' own
// elements are moved (not copied), so their listeners, ids and state stay as they are.
// Hand-written: @vscode-elements' toolbar-container has no overflow behaviour, and a whole-group
// priority rule is ~60 lines.

export interface ToolbarGroup {
  readonly el: HTMLElement;
  /** Higher stays longer; groups without a priority never collapse. */
  readonly priority?: number;
}

export class OverflowRow {
  readonly more: HTMLElement;
  readonly menu: HTMLElement;
  private readonly collapsible: ToolbarGroup[];

  constructor(
    private readonly row: HTMLElement,
    private readonly groups: readonly ToolbarGroup[],
    menuLabel: string,
    makeButton: (onClick: () => void) => HTMLElement,
  ) {
    this.collapsible = groups.filter((g) => g.priority !== undefined).sort((a, b) => a.priority! - b.priority!);
    this.more = makeButton(() => this.toggle());
    this.more.classList.add('overflow-more');
    this.more.setAttribute('aria-haspopup', 'true');
    this.more.setAttribute('aria-expanded', 'false');
    this.menu = document.createElement('div');
    this.menu.className = 'overflow-menu';
    this.menu.setAttribute('role', 'group');
    this.menu.setAttribute('aria-label', menuLabel);
    this.menu.hidden = true;
    for (const g of groups) row.append(g.el);
    row.append(this.more);
    this.menu.addEventListener('keydown', (ev) => {
      if (ev.key === 'Escape') {
        this.close();
        this.more.focus();
      }
    });
    document.addEventListener('pointerdown', (ev) => {
      if (!this.menu.hidden && !this.menu.contains(ev.target as Node) && !this.more.contains(ev.target as Node)) this.close();
    });
    new ResizeObserver(() => this.fit()).observe(row);
  }

  /** Puts every group back in the row, then moves the least important ones out until the row fits. */
  fit(): void {
    // Measured at natural widths (`measuring` turns off shrinking); what still overflows once every
    // collapsible group is in the menu is left to the CSS to shrink.
    this.row.classList.add('measuring');
    for (const g of this.groups) this.row.insertBefore(g.el, this.more);
    this.more.hidden = true;
    const out: ToolbarGroup[] = [];
    if (this.overflows()) {
      this.more.hidden = false;
      for (const g of this.collapsible) {
        if (!this.overflows()) break;
        if (g.el.hidden) continue;
        out.push(g);
        g.el.remove();
      }
    }
    // Keep the row's own order inside the menu.
    for (const g of this.groups) if (out.includes(g)) this.menu.append(g.el);
    if (!out.length) {
      this.more.hidden = true;
      this.close();
    }
    this.row.classList.remove('measuring');
  }

  /** The groups currently in the menu (for tests and the bench). */
  get collapsed(): HTMLElement[] {
    return [...this.menu.children] as HTMLElement[];
  }

  private overflows(): boolean {
    return this.row.scrollWidth > this.row.clientWidth + 1;
  }

  private toggle(): void {
    if (this.menu.hidden) this.open();
    else this.close();
  }

  private open(): void {
    const r = this.more.getBoundingClientRect();
    this.menu.hidden = false;
    this.menu.style.top = `${r.bottom + 2}px`;
    this.menu.style.right = `${Math.max(4, document.documentElement.clientWidth - r.right)}px`;
    this.more.setAttribute('aria-expanded', 'true');
    (this.menu.querySelector('select, input, vscode-button') as HTMLElement | null)?.focus();
  }

  private close(): void {
    this.menu.hidden = true;
    this.more.setAttribute('aria-expanded', 'false');
  }
}
