// Pressroom studio, management pages: palette swatches (colored from script, as the
// content security policy allows no inline styles), kept in step with the palette field.
"use strict";

(() => {
  const HEX_COLOR = /^#(?:[0-9a-f]{3}|[0-9a-f]{6})$/i;

  function paint(root) {
    root.querySelectorAll(".swatch[data-color]").forEach((swatch) => {
      swatch.style.backgroundColor = swatch.dataset.color;
    });
  }

  function swatch(color) {
    const item = document.createElement("li");
    const chip = document.createElement("span");
    chip.className = "swatch";
    chip.dataset.color = color;
    const code = document.createElement("code");
    code.textContent = color;
    item.append(chip, " ", code);
    return item;
  }

  function palette() {
    const field = document.getElementById("palette");
    const list = document.getElementById("swatches");
    if (!field || !list) return;
    paint(list);
    field.addEventListener("input", () => {
      const colors = field.value.split(/[\s,]+/).filter((entry) => HEX_COLOR.test(entry));
      list.replaceChildren(...colors.map(swatch));
      paint(list);
    });
  }

  document.addEventListener("DOMContentLoaded", palette);
})();
