// Chapter 2's Speech controls, in the Audio tab: the reader types a sentence and picks a seed,
// and the book's library, compiled to WebAssembly, says it in the new voice of that seed. It
// answers with the voice and its distance to the nearest of the 76 real speakers (JSON), the
// voice's vowels among theirs and the sentence's spectrogram (SVG), and the sound (WAV bytes).
// "New voice" moves to the next seed and says the sentence again. A word the library cannot
// say comes back as its own message, which the form shows as text.
//
// The form, the figures and the loading of the module are genai-live.js's (loaded before this
// file, see book.toml): this script adds the `speech` kind to its list, and genai-live.js
// draws it in the widget's panel named `Speech` once the module is ready.
"use strict";
(function () {
    const live = window.genaiLive;
    if (!live || !live.kinds) return;
    const { el } = window.genaiDom;

    // The library's groups, as a sentence says them.
    const GROUPS = { Man: "a man", Woman: "a woman", Child: "a child" };

    // The next seed after the one typed; a seed that is not a whole number starts again at 1
    // (the library then says what a seed must be if the reader types another).
    function nextSeed(text) {
        try {
            const n = BigInt(text.trim());
            return n >= 0n ? (n + 1n).toString() : "1";
        } catch (_) {
            return "1";
        }
    }

    function speech(host, spec, api) {
        let url = null;
        const form = live.control(host, {
            kind: "speech",
            title: "Try it: say a sentence in a new voice",
            fields: [
                { name: "text", label: "Your sentence", value: live.start(spec, "text", "") },
                { name: "seed", label: "Voice seed", value: live.start(spec, "seed", "1"), numeric: true },
            ],
            button: "Say it",
            run: ({ text, seed }) => {
                const said = api.say(text, seed);
                live.last.speech = said.voice;
                return { said: JSON.parse(said.voice), chart: said.voices_chart, spectrogram: said.spectrogram, wav: said.wav };
            },
            draw: (out, { said, chart, spectrogram, wav }, values) => {
                const { voice, novelty } = said;
                if (url) URL.revokeObjectURL(url);
                url = URL.createObjectURL(new Blob([wav], { type: "audio/wav" }));
                out.append(el("p", { class: "genai-live-echo" }, `Your sentence: “${live.echo(values.text)}”`));
                out.append(el("audio", { controls: "", preload: "auto", src: url,
                    "aria-label": `Your sentence in the new voice of seed ${voice.seed}` }));
                out.append(el("p", { class: "genai-live-summary" },
                    `The new voice of seed ${voice.seed} speaks at ${voice.f0.toFixed(0)} Hz with a scale of ${voice.scale.toFixed(2)}. ` +
                    `Its nearest real speaker is speaker ${novelty.speaker}, ${GROUPS[novelty.group] || novelty.group}, ` +
                    `at a distance of ${novelty.distance.toFixed(2)}: their pitch differs by ${novelty.pitch_difference.toFixed(0)}% ` +
                    `and their vowels by ${novelty.formant_difference.toFixed(0)}%.`));
                out.append(live.figure(chart), live.figure(spectrogram));
            },
        });
        // "New voice": the next seed, said at once. A plain button, so the keyboard reaches it
        // after "Say it" and Enter or Space presses it; the focus stays on it.
        const again = el("button", { type: "button", class: "genai-live-new-voice" }, "New voice");
        again.addEventListener("click", () => {
            const seed = form.querySelector("[name=seed]");
            seed.value = nextSeed(seed.value);
            form.requestSubmit();
        });
        form.querySelector(".genai-live-run").after(again);
    }

    live.kinds.speech = speech;
})();
