// Pressroom run page: follow a run live. Polls the run's progress JSON every few seconds
// until the run is finished and redraws its status, counts and pieces. Plain JavaScript;
// every text goes in through textContent, never as HTML.
"use strict";

(() => {
  const label = (status) => status.replaceAll("_", " ");

  function element(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text != null) node.textContent = text;
    return node;
  }

  function counts(list, entries) {
    list.replaceChildren(...entries.map(([name, title, value]) => {
      const item = element("div");
      item.dataset.name = name;
      item.append(element("dt", "", title), element("dd", "", String(value)));
      return item;
    }));
  }

  function pieceLine(piece) {
    const item = element("li");
    item.dataset.pieceId = piece.piece_id;
    const link = element("a", "", piece.title || `Idea ${piece.idea_slot}`);
    link.href = `/pieces/${encodeURIComponent(piece.piece_id)}`;
    item.append(
      link, " ",
      element("span", "meta", `${piece.channel} · idea ${piece.idea_slot}`), " ",
      element("span", `badge status-${piece.status}`, label(piece.status)),
    );
    return item;
  }

  function show(progress) {
    const status = document.getElementById("run-status");
    status.className = `badge status-${progress.status}`;
    status.textContent = label(progress.status);
    document.getElementById("run-errors").textContent = String(progress.error_count);
    counts(document.getElementById("run-stages"),
      progress.stages.map((s) => [s.name, s.label, s.value]));
    document.getElementById("run-stages-empty").hidden = progress.stages.length > 0;
    counts(document.getElementById("run-piece-counts"),
      Object.entries(progress.pieces_by_status).map(([name, value]) => [name, label(name), value]));
    document.getElementById("run-pieces").replaceChildren(...progress.pieces.map(pieceLine));
    document.getElementById("run-pieces-empty").hidden = progress.pieces.length > 0;
  }

  function follow(box) {
    const note = document.getElementById("run-note");
    const every = Number(box.dataset.pollSeconds || 2) * 1000;
    const poll = async () => {
      let response;
      try {
        response = await fetch(box.dataset.progressUrl, {
          headers: { Accept: "application/json" }, credentials: "same-origin", cache: "no-store",
        });
      } catch {
        setTimeout(poll, every);  // the network blinked: look again later
        return;
      }
      const json = (response.headers.get("content-type") || "").startsWith("application/json");
      if (!response.ok || response.redirected || !json) {
        note.textContent = "live updates stopped: reload the page";
        return;
      }
      const progress = await response.json();
      show(progress);
      box.dataset.finished = String(progress.finished);
      if (progress.finished) {
        note.textContent = "finished";
      } else {
        setTimeout(poll, every);
      }
    };
    setTimeout(poll, every);
  }

  document.addEventListener("DOMContentLoaded", () => {
    const box = document.getElementById("run-progress");
    if (box && box.dataset.finished !== "true") follow(box);
  });
})();
