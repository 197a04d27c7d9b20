// Drag a call block to another carer's row or another time on the day board. Pointer events,
// so a finger on the tablet and a mouse both work; a press without movement stays a click
// (which opens the call's dialog, the way keyboard and screen-reader users move calls).
// The drop never changes anything by itself: it hands the target carer and time to the
// board, which opens the Move dialog with the same checks and confirmation.

const THRESHOLD_PX = 6;
const SNAP_MINUTES = 5;
const EDGE_PX = 40;

/**
 * Make `grid`'s call blocks draggable. `timeAt(track, clientX)` turns a position on a track
 * into minutes from midnight; `onDrop({visitId, fromCarerId, toCarerId, start})` is called
 * when a block is let go over a row.
 */
export function enableDrag(grid, { timeAt, onDrop }) {
  let drag = null;

  grid.addEventListener('pointerdown', (event) => {
    const block = event.target.closest('.call-block');
    if (!block || event.button > 0) return;
    const row = block.closest('.board-row');
    drag = {
      block, pointerId: event.pointerId, x: event.clientX, y: event.clientY, moved: false,
      offset: event.clientX - block.getBoundingClientRect().left, fromCarerId: Number(row.dataset.carerId),
    };
  });

  grid.addEventListener('pointermove', (event) => {
    if (!drag || event.pointerId !== drag.pointerId) return;
    const dx = event.clientX - drag.x;
    const dy = event.clientY - drag.y;
    if (!drag.moved && Math.hypot(dx, dy) < THRESHOLD_PX) return;
    if (!drag.moved) {
      drag.moved = true;
      drag.block.setPointerCapture(event.pointerId);
      drag.block.classList.add('dragging');
      grid.classList.add('drag-on');
    }
    // Near the board's top or bottom edge, scroll it: the row wanted may be out of sight.
    const box = grid.getBoundingClientRect();
    const edge = event.clientY < box.top + EDGE_PX ? -1 : event.clientY > box.bottom - EDGE_PX ? 1 : 0;
    if (edge) {
      grid.scrollTop += edge * 24;
      drag.y -= edge * 24; // keep the block under the pointer as the rows move
    }
    drag.block.style.transform = `translate(${dx}px, ${event.clientY - drag.y}px)`;
    const target = rowAt(event.clientX, event.clientY);
    for (const row of grid.querySelectorAll('.board-row.drop-target')) if (row !== target) row.classList.remove('drop-target');
    if (target) target.classList.add('drop-target');
    event.preventDefault();
  });

  const end = (event, cancelled) => {
    if (!drag || event.pointerId !== drag.pointerId) return;
    const { block, moved, offset, fromCarerId } = drag;
    drag = null;
    if (!moved) return; // a plain press: the click handler opens the call
    block.style.transform = '';
    block.classList.remove('dragging');
    grid.classList.remove('drag-on');
    for (const row of grid.querySelectorAll('.board-row.drop-target')) row.classList.remove('drop-target');
    // The click that follows a drag must not open the call's dialog.
    block.addEventListener('click', (e) => { e.stopImmediatePropagation(); e.preventDefault(); }, { capture: true, once: true });
    if (cancelled) return;
    const row = rowAt(event.clientX, event.clientY);
    if (!row || row.classList.contains('board-head')) return;
    const track = row.querySelector('.track');
    const raw = timeAt(track, event.clientX - offset);
    const start = Math.round(raw / SNAP_MINUTES) * SNAP_MINUTES;
    onDrop({ visitId: Number(block.dataset.visitId), fromCarerId, toCarerId: Number(row.dataset.carerId), start });
  };
  grid.addEventListener('pointerup', (event) => end(event, false));
  grid.addEventListener('pointercancel', (event) => end(event, true));

  function rowAt(x, y) {
    // The dragged block sits under the pointer: look through it.
    const under = document.elementsFromPoint(x, y).find((el) => !el.classList.contains('dragging') && el.closest('.board-row[data-carer-id]'));
    return under ? under.closest('.board-row[data-carer-id]') : null;
  }
}
