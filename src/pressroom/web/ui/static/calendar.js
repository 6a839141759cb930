// Pressroom calendar: while a new posting time is typed (on the brand's clocks), say what
// that is on the reader's own clocks when the two timezones differ. Plain JavaScript.
"use strict";

(() => {
  const here = Intl.DateTimeFormat().resolvedOptions().timeZone;

  // The offset (ms) of `timeZone` from UTC at the instant `utc` (ms since the epoch).
  function offsetAt(timeZone, utc) {
    const parts = new Intl.DateTimeFormat("en-US", {
      timeZone, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit",
      hour: "2-digit", minute: "2-digit", second: "2-digit",
    }).formatToParts(new Date(utc));
    const value = Object.fromEntries(parts.map((p) => [p.type, Number(p.value)]));
    const wall = Date.UTC(value.year, value.month - 1, value.day, value.hour, value.minute, value.second);
    return wall - Math.floor(utc / 1000) * 1000;
  }

  // The instant a wall-clock time "YYYY-MM-DDTHH:MM" names in `timeZone`.
  function instantOf(local, timeZone) {
    const [day, clock] = local.split("T");
    if (!day || !clock) return null;
    const [year, month, date] = day.split("-").map(Number);
    const [hour, minute] = clock.split(":").map(Number);
    const wall = Date.UTC(year, month - 1, date, hour, minute);
    if (Number.isNaN(wall)) return null;
    const first = wall - offsetAt(timeZone, wall);
    return wall - offsetAt(timeZone, first);
  }

  function showYourTime(input) {
    const out = input.form.querySelector(".your-time");
    if (!out) return;
    const zone = input.dataset.timezone;
    const instant = zone && zone !== here && input.value ? instantOf(input.value, zone) : null;
    out.textContent = instant == null ? "" : ` · ${new Date(instant).toLocaleString([], {
      weekday: "short", day: "numeric", month: "short", hour: "2-digit", minute: "2-digit",
    })} your time`;
  }

  document.addEventListener("DOMContentLoaded", () => {
    document.querySelectorAll("input[type=datetime-local][data-timezone]").forEach((input) => {
      try {
        new Intl.DateTimeFormat("en-US", { timeZone: input.dataset.timezone });
      } catch {
        return;  // a timezone this browser does not know: the brand's time alone is shown
      }
      input.addEventListener("input", () => showYourTime(input));
      showYourTime(input);
    });
  });
})();
