// Animation players (matplotlib's jshtml, docs/_ext/html_repairs.py): the frames are files of
// their own, and the player fetches the one it shows. When a player comes into view, fetch its
// other frames too, so that playing or stepping does not wait on the network.
(function () {
  "use strict";
  function preload(img) {
    var player = window["anim" + img.id.replace("_anim_img", "")];
    if (!player || !player.frames) return false;
    player.frames.forEach(function (url) {
      var frame = new Image();
      frame.decoding = "async";
      frame.src = url;
    });
    return true;
  }
  function start() {
    var images = document.querySelectorAll("img[id^=_anim_img]");
    if (!images.length) return;
    if (!("IntersectionObserver" in window)) {
      images.forEach(preload);
      return;
    }
    var seen = new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) {
        if (entry.isIntersecting && preload(entry.target)) seen.unobserve(entry.target);
      });
    }, { rootMargin: "200px" });
    images.forEach(function (img) { seen.observe(img); });
  }
  // The players are created in a timeout after their script runs: start after the page loads.
  window.addEventListener("load", function () { setTimeout(start, 0); });
})();
