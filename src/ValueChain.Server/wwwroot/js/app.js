// Keyboard use of lists, for people who work in them all day: "/" focuses the page's search box,
// "j"/"k" move through the rows of a list, "Enter" opens the row's link. Nothing here is needed to use a page.
const rows = () => [...document.querySelectorAll("table.list tbody tr[data-href]")];
let current = -1;

function select(index) {
  const all = rows();
  if (all.length === 0) return;
  current = Math.max(0, Math.min(index, all.length - 1));
  all.forEach((row, i) => row.classList.toggle("current", i === current));
  const row = all[current];
  row.querySelector("a")?.focus({ preventScroll: true });
  row.scrollIntoView({ block: "nearest" });
}

document.addEventListener("keydown", (event) => {
  const target = event.target;
  const typing = target instanceof HTMLElement && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
  if (typing || event.ctrlKey || event.metaKey || event.altKey) return;
  if (event.key === "/") {
    const search = document.querySelector("input[type=search]");
    if (search) { event.preventDefault(); search.focus(); search.select(); }
  } else if (event.key === "j") {
    select(current + 1);
  } else if (event.key === "k") {
    select(current - 1);
  } else if (event.key === "Enter" && current >= 0 && !(target instanceof HTMLAnchorElement || target instanceof HTMLButtonElement)) {
    const link = rows()[current]?.querySelector("a");
    if (link) link.click();
  }
});

// Forms whose buttons change records ask once before destructive actions marked with data-confirm.
document.addEventListener("submit", (event) => {
  const button = event.submitter;
  const message = button?.dataset.confirm ?? event.target.dataset?.confirm;
  if (message && !window.confirm(message)) event.preventDefault();
});
