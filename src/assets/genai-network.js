// Chapter 3's switch between the two writers: the n-gram (a table of counts) and the neural
// network (a tiny transformer). The network runs in the page through the book's library,
// compiled to WebAssembly (crates/genai-wasm, its `network` calls); its weights are a file next
// to the module, fetched only when a reader switches to the network. The switch sits in the
// generate form that genai-live.js draws; the network then writes through the same form, the
// same sampler and the same stepper as the n-gram. This script only fetches and switches.
"use strict";
(function () {
    const FILE = "text.safetensors";
    const root = typeof path_to_root === "string" ? path_to_root : "";
    const NGRAM = "the n-gram (counts)";
    const NETWORK = "the network (a tiny transformer)";

    // What the tests can look at: whether the weights are loaded, how many bytes came, and how
    // long fetching and reading them took (ms).
    const state = { status: "idle", bytes: null, error: null, took: null };
    window.genaiNetwork = state;

    const { el, uid } = window.genaiDom;

    // The weights, fetched and read into the module once for the page.
    let loading = null;
    function loadWeights(api, version) {
        if (!loading) {
            const started = performance.now();
            state.status = "loading";
            const url = new URL(`${root}generated/wasm/${FILE}?v=${encodeURIComponent(version)}`,
                document.baseURI).href;
            loading = fetch(url)
                .then((response) => {
                    if (!response.ok) throw new Error(`the weights file answered ${response.status}`);
                    return response.arrayBuffer();
                })
                .then((buffer) => {
                    const bytes = new Uint8Array(buffer);
                    api.load_network(bytes);
                    state.bytes = bytes.length;
                    state.took = performance.now() - started;
                    state.status = "ready";
                })
                .catch((error) => {
                    state.status = "failed";
                    state.error = String(error && error.message ? error.message : error);
                    loading = null;
                    throw error;
                });
        }
        return loading;
    }

    // Adds the switch to one generate form.
    function attach(form, api) {
        const widget = form.closest(".genai-widget") || form.parentNode;
        const source = widget.querySelector(":scope > script.genai-live-data");
        const version = (source && source.dataset.module) || "";
        const row = form.querySelector(".genai-live-fields");
        const button = form.querySelector("button.genai-live-run");
        if (!row || !button || form.querySelector("[name=model]")) return;
        const id = uid("genai-live-model");
        const wrap = el("div", { class: "genai-live-field genai-live-model" });
        const select = el("select", { id, name: "model" });
        select.append(el("option", { value: "n-gram" }, NGRAM), el("option", { value: "network" }, NETWORK));
        wrap.append(el("label", { for: id }, "Writer"), select);
        row.insertBefore(wrap, button);
        const note = el("p", { class: "genai-network-status", role: "status" });
        row.after(note);

        const waiting = () => {
            throw new Error("The network's weights are still on their way: press the button again in a moment.");
        };
        select.addEventListener("change", () => {
            if (select.value !== "network") {
                widget.genaiTextModel = null;
                note.textContent = "";
                return;
            }
            if (state.status === "ready") {
                widget.genaiTextModel = api.generate_network;
                note.textContent = "";
                return;
            }
            widget.genaiTextModel = waiting;
            note.textContent = "Loading the network's weights…";
            loadWeights(api, version).then(() => {
                if (select.value === "network") widget.genaiTextModel = api.generate_network;
                note.textContent = `The network is ready: ${(state.bytes / 1e6).toFixed(1)} MB of weights.`;
            }, () => {
                if (select.value === "network") widget.genaiTextModel = null;
                select.value = "n-gram";
                note.textContent = "The network's weights could not load, so the n-gram writes.";
            });
        });
    }

    function init() {
        const live = window.genaiLive;
        if (!live || live.status !== "ready" || !live.api || !live.api.generate_network) return;
        document.querySelectorAll("form.genai-live[data-kind=generate]").forEach((form) => attach(form, live.api));
    }

    document.addEventListener("genai-live-ready", init);
    init();
})();
