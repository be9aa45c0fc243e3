// Korean strings for sphinx-copybutton, which ships none: its `messages` and `locale` are
// top-level bindings of copybutton.js (loaded before this file), read when buttons are added.
(function () {
  if (document.documentElement.lang !== "ko") return;
  if (typeof messages === "undefined") return;
  messages.ko = {
    copy: "복사",
    copy_to_clipboard: "클립보드에 복사",
    copy_success: "복사했습니다!",
    copy_failure: "복사하지 못했습니다",
  };
  locale = "ko";
})();
