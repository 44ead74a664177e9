// Visible tooltips for the toolbar's controls: an element with `data-tip` shows its text, and the
// keys in `data-keys` as key caps, on hover (after a short delay) and at once on keyboard focus.
// One tooltip element for the page; text only (textContent), never HTML.

const HOVER_DELAY_MS = 350;

export function installTooltips(root: HTMLElement): HTMLElement {
  const tip = document.createElement('div');
  tip.className = 'tooltip';
  tip.id = 'tooltip';
  tip.setAttribute('role', 'tooltip');
  tip.hidden = true;
  root.append(tip);
  let timer: ReturnType<typeof setTimeout> | undefined;
  let owner: HTMLElement | undefined;

  const show = (el: HTMLElement): void => {
    owner = el;
    tip.textContent = el.dataset.tip ?? '';
    for (const k of (el.dataset.keys ?? '').split(' ').filter(Boolean)) {
      const kbd = document.createElement('kbd');
      kbd.textContent = k;
      tip.append(' ', kbd);
    }
    tip.hidden = false;
    const r = el.getBoundingClientRect();
    const w = tip.offsetWidth;
    tip.style.left = `${Math.max(4, Math.min(r.left + r.width / 2 - w / 2, document.documentElement.clientWidth - w - 4))}px`;
    tip.style.top = `${r.bottom + 6}px`;
  };
  const hide = (): void => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    owner = undefined;
    tip.hidden = true;
  };
  const target = (ev: Event): HTMLElement | undefined =>
    ev.target instanceof Element ? ((ev.target.closest('[data-tip]') as HTMLElement | null) ?? undefined) : undefined;

  document.addEventListener('mouseover', (ev) => {
    const el = target(ev);
    if (el === owner) return;
    hide();
    if (el) timer = setTimeout(() => show(el), HOVER_DELAY_MS);
  });
  document.addEventListener('focusin', (ev) => {
    const el = target(ev);
    hide();
    if (el && el.matches(':focus-visible')) show(el);
  });
  document.addEventListener('focusout', hide);
  document.addEventListener('pointerdown', hide);
  document.addEventListener('keydown', (ev) => {
    if (ev.key === 'Escape') hide();
  });
  return tip;
}
