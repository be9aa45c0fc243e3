// A link to a section far down a page. Sections below the first screen are laid out only when
// they come near the viewport (content-visibility: auto, dlguide.css), at an estimated height
// until then. When the browser has scrolled to the link's target, the sections just above it
// are laid out, take their real heights and push the target off the screen. Scroll to it
// again, frame after frame, until it stays put; a reader who scrolls first is left alone.
(function () {
  function settle() {
    const id = decodeURIComponent(location.hash.slice(1));
    const target = id && document.getElementById(id);
    if (!target) return;
    const events = ["wheel", "touchstart", "keydown", "mousedown"];
    let stopped = false;
    const stop = () => {
      stopped = true;
      events.forEach((name) => removeEventListener(name, stop));
    };
    events.forEach((name) => addEventListener(name, stop, { passive: true }));
    let last = null;
    let still = 0;
    let frames = 0;
    function step() {
      if (stopped) return;
      target.scrollIntoView({ behavior: "instant", block: "start" });
      const top = target.getBoundingClientRect().top;
      still = last !== null && Math.abs(top - last) < 1 ? still + 1 : 0;
      last = top;
      if (still >= 5 || ++frames > 180) return stop();
      requestAnimationFrame(step);
    }
    requestAnimationFrame(step);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", settle);
  } else {
    settle();
  }
  addEventListener("hashchange", settle);
})();
