// The book's widgets. Each `.genai-widget` carries its data in a JSON script block and a plain
// HTML fallback; this script turns the fallback into the interactive version.
"use strict";
(function () {
    const kinds = {};
    window.genaiWidgets = kinds;
    document.addEventListener("DOMContentLoaded", function () {
        document.querySelectorAll(".genai-widget").forEach(function (root) {
            const init = kinds[root.dataset.widget];
            const data = root.querySelector("script.genai-widget-data");
            if (init && data) {
                init(root, JSON.parse(data.textContent));
            }
        });
    });
})();
