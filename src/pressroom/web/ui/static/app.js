// Pressroom studio: live limits in the piece editor, keyboard review in the queue.
// Plain JavaScript, no build step. Counting follows the channel validators
// (src/pressroom/platforms/); the server measures exactly when an edit is saved.
"use strict";

(() => {
  // ── counting ─────────────────────────────────────────────────────────────────────────
  const WORD_CHAR = /[\p{L}\p{N}]/u;
  const HASHTAG = /(?<![\p{L}\p{N}\p{M}_&/#])#([\p{L}\p{N}\p{M}_]*[\p{L}\p{M}][\p{L}\p{N}\p{M}_]*)/gu;
  const HASHTAG_TOKEN = /^#[\p{L}\p{N}\p{M}_]*[\p{L}\p{M}][\p{L}\p{N}\p{M}_]*$/u;
  const BLANK_LINE = /\n[ \t]*\n/;
  const THREAD_SEPARATOR = /^[ \t]*---[ \t]*$/m;
  const REEL_HEADER = /^(HOOK|VALUE|CTA|SCENES|CAPTION):[ \t]*(.*)$/;
  // X (twitter-text v3): these code point ranges count 1, everything else 2; a link counts
  // 23 and an emoji (a whole sequence) counts 2.
  const X_LIGHT = [[0, 4351], [8192, 8205], [8208, 8223], [8242, 8247]];
  const X_URL_LENGTH = 23;
  const X_URL = /\bhttps?:\/\/[^\s]+|\bwww\.[^\s]+|\b(?:[a-z0-9-]+\.)+(?:com|org|net|io|dev|co|app|ai|edu|gov)\b(?:\/[^\s]*)?/gi;
  const EMOJI = /\p{Extended_Pictographic}|\p{Regional_Indicator}|\uFE0F/u;
  const graphemes = new Intl.Segmenter(undefined, { granularity: "grapheme" });

  const normalize = (text) => text.normalize("NFC");
  const hashtags = (text) => [...normalize(text).matchAll(HASHTAG)].map((m) => m[1]);
  const uniqueCount = (tags) => new Set(tags.map((t) => t.toLowerCase())).size;
  const countWords = (text) =>
    normalize(text).replace(HASHTAG, " ").split(/\s+/).filter((t) => WORD_CHAR.test(t)).length;
  const paragraphs = (text) => text.split(BLANK_LINE).map((p) => p.trim()).filter(Boolean);
  const isTagLine = (paragraph) => paragraph.split(/\s+/).every((t) => HASHTAG_TOKEN.test(t));

  function weightedLength(text) {
    let total = 0;
    const rest = normalize(text).replace(X_URL, () => {
      total += X_URL_LENGTH;
      return "";
    });
    for (const { segment } of graphemes.segment(rest)) {
      const first = segment.codePointAt(0);
      if (EMOJI.test(segment) && (first > 4351 || segment.includes("\uFE0F"))) {
        total += 2;
        continue;
      }
      for (const char of segment) {
        const code = char.codePointAt(0);
        total += X_LIGHT.some(([low, high]) => code >= low && code <= high) ? 1 : 2;
      }
    }
    return total;
  }

  // A measure: its label, value, and whether it is within [low, high] (null: no limit).
  const measure = (name, label, value, low, high, unit = "") => ({ name, label, value, low, high, unit });

  function linkedinMeasures(text, rules) {
    const parts = paragraphs(text);
    const body = parts.length > 1 && isTagLine(parts[parts.length - 1]) ? parts.slice(0, -1) : parts;
    const breaks = rules.min_paragraph_breaks;
    return [
      measure("words", "Words", countWords(text), rules.min_words, rules.max_words),
      measure("paragraphs", "Paragraphs", body.length, breaks == null ? null : breaks + 1, null),
      measure("hashtags", "Hashtags", uniqueCount(hashtags(text)), null, rules.max_hashtags),
      measure("length", "Characters", [...normalize(text.trim())].length, null, null),
    ];
  }

  function xMeasures(text, rules) {
    const posts = text.trim() ? text.split(THREAD_SEPARATOR).map((p) => p.trim()) : [];
    return [
      measure("posts", "Posts", posts.length, rules.thread_min_posts, rules.thread_max_posts),
      ...posts.map((post, i) =>
        measure(`post-${i + 1}`, `Post ${i + 1}`, post ? weightedLength(post) : 0, 1, rules.max_weighted_length)),
    ];
  }

  function reelSections(text) {
    const sections = {};
    let current = null;
    for (const line of text.split("\n")) {
      const header = line.match(REEL_HEADER);
      if (header) {
        current = header[1];
        sections[current] = [header[2]];
      } else if (current) {
        sections[current].push(line);
      }
    }
    const section = (name) => (sections[name] || []).join("\n").trim();
    return { section, scenes: (sections.SCENES || []).filter((l) => l.trim()).length };
  }

  function reelMeasures(text, rules) {
    const { section, scenes } = reelSections(text);
    const wps = rules.words_per_second;
    const seconds = (words) => Math.round((words / wps) * 10) / 10;
    const words = ["HOOK", "VALUE", "CTA"].map((name) => countWords(section(name)));
    const caption = section("CAPTION");
    const [hookLow, hookHigh] = rules.hook_seconds || [null, null];
    const [ctaLow, ctaHigh] = rules.cta_seconds || [null, null];
    return [
      measure("spoken_seconds", "Spoken", seconds(words[0] + words[1] + words[2]),
        rules.min_spoken_seconds, rules.max_spoken_seconds, " s"),
      measure("hook_seconds", "Hook", seconds(words[0]), hookLow, hookHigh, " s"),
      measure("cta_seconds", "CTA", seconds(words[2]), ctaLow, ctaHigh, " s"),
      measure("scenes", "Scenes", scenes, rules.min_scenes, null),
      measure("caption_length", "Caption", [...normalize(caption)].length, null, rules.caption_max_chars),
      measure("hashtags", "Hashtags", uniqueCount(hashtags(caption)), null, rules.max_hashtags),
    ];
  }

  const MEASURES = { linkedin: linkedinMeasures, x: xMeasures, "instagram-reel": reelMeasures };

  function limitText(m) {
    if (m.low != null && m.high != null) return m.name.startsWith("post-") ? ` / ${m.high}` : ` (${m.low}–${m.high}${m.unit})`;
    if (m.high != null) return ` / ${m.high}${m.unit}`;
    if (m.low != null) return ` (≥ ${m.low}${m.unit})`;
    return m.unit;
  }

  function showMeasures(box, measures) {
    box.replaceChildren(...measures.map((m) => {
      const span = document.createElement("span");
      const out = (m.low != null && m.value < m.low) || (m.high != null && m.value > m.high);
      span.className = out ? "over" : (m.low != null || m.high != null ? "ok" : "");
      span.dataset.measure = m.name;
      span.textContent = `${m.label}: ${m.value}${limitText(m)}`;
      return span;
    }));
  }

  function liveLimits() {
    const data = document.getElementById("channel-rules");
    const textarea = document.getElementById("piece-text");
    const box = document.getElementById("live-measures");
    if (!data || !textarea || !box) return;
    const rules = JSON.parse(data.textContent);
    const measuresOf = MEASURES[rules.channel];
    if (!measuresOf) return;
    const update = () => showMeasures(box, measuresOf(textarea.value.replace(/\r\n/g, "\n"), rules));
    textarea.addEventListener("input", update);
    update();
  }

  // ── the review queue ─────────────────────────────────────────────────────────────────
  function isTyping(target) {
    return target.closest("textarea, select, [contenteditable], input:not([type=checkbox]):not([type=radio])");
  }

  function reviewQueue() {
    const queue = document.getElementById("queue");
    if (!queue) return;
    const items = [...queue.querySelectorAll(".queue-item")];
    const dialog = document.getElementById("reject-dialog");
    const selectAll = document.getElementById("select-all");
    let index = -1;

    const select = (next) => {
      if (!items.length) return;
      index = Math.max(0, Math.min(items.length - 1, next));
      items.forEach((item, i) => item.classList.toggle("selected", i === index));
      items[index].focus();
      items[index].scrollIntoView({ block: "nearest" });
    };
    const current = () => (index >= 0 ? items[index] : null);

    const openReject = (item) => {
      if (!dialog || !item) return;
      const form = dialog.querySelector("form");
      form.action = `/pieces/${encodeURIComponent(item.dataset.pieceId)}/reject`;
      dialog.showModal();
      dialog.querySelector("textarea").focus();
    };

    items.forEach((item, i) => {
      item.addEventListener("focusin", () => {
        index = i;
        items.forEach((other, j) => other.classList.toggle("selected", j === i));
      });
      const reject = item.querySelector("[data-reject]");
      if (reject) {
        reject.addEventListener("click", (event) => {
          event.preventDefault();
          openReject(item);
        });
      }
    });
    if (dialog) {
      dialog.querySelector("[data-close]").addEventListener("click", () => dialog.close());
    }
    if (selectAll) {
      selectAll.addEventListener("change", () => {
        queue.querySelectorAll("input[name=piece_ids]").forEach((box) => { box.checked = selectAll.checked; });
      });
    }

    document.addEventListener("keydown", (event) => {
      if (event.ctrlKey || event.metaKey || event.altKey || isTyping(event.target)) return;
      if (dialog && dialog.open) return;
      const item = current();
      const actions = {
        j: () => select(index + 1),
        k: () => select(index - 1),
        o: () => item && item.querySelector("a.open").click(),
        Enter: () => item && event.target === item && item.querySelector("a.open").click(),
        x: () => item && item.querySelector("input[name=piece_ids]")?.click(),
        a: () => item && item.querySelector("button.approve")?.click(),
        r: () => openReject(item),
      };
      const action = actions[event.key];
      if (action) {
        event.preventDefault();
        action();
      }
    });
  }

  function backLinks() {
    document.querySelectorAll("[data-back]").forEach((link) => {
      link.addEventListener("click", (event) => {
        if (history.length > 1) {
          event.preventDefault();
          history.back();
        }
      });
    });
  }

  document.addEventListener("DOMContentLoaded", () => {
    liveLimits();
    reviewQueue();
    backLinks();
  });
})();
