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

// Search messages that Sphinx's Korean catalogue leaves empty (the summary line under the
// results would otherwise be blank) or words stiffly. translations.js is loaded before this
// file; addTranslations merges these into its messages.
(function () {
  if (document.documentElement.lang !== "ko") return;
  if (typeof Documentation === "undefined" || !Documentation.addTranslations) return;
  Documentation.addTranslations({
    locale: "ko",
    plural_expr: "0",
    messages: {
      "Search finished, found one page matching the search query.": [
        "검색 완료: 검색어와 일치하는 페이지 ${resultCount}개",
      ],
      "Your search did not match any documents. Please make sure that all words are spelled correctly and that you've selected enough categories.":
        "검색어와 일치하는 페이지가 없습니다. 철자가 맞는지 확인하거나 다른 검색어로 찾아보세요.",
      "Search Results": "검색 결과",
      "Searching": "검색 중",
      "Preparing search...": "검색 준비 중…",
      ", in ": ", 위치: ",
      "Hide Search Matches": "검색어 강조 숨기기",
    },
  });
})();
