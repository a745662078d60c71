"use strict";
(() => {
  const input = document.getElementById("q");
  const status = document.getElementById("status");
  const said = document.getElementById("said");
  const cards = Array.from(document.querySelectorAll("li.card"));
  const texts = cards.map((card) => card.dataset.search);
  const eras = Array.from(document.querySelectorAll("section.era"));
  const noun = (n) => (n === 1 ? "work" : "works");

  function filter() {
    const words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
    let shown = 0;
    cards.forEach((card, i) => {
      const hit = words.every((word) => texts[i].includes(word));
      card.hidden = !hit;
      shown += hit ? 1 : 0;
    });
    for (const era of eras) {
      era.hidden = !era.querySelector("li.card:not([hidden])");
    }
    status.textContent = words.length
      ? `${shown} of ${cards.length} ${noun(cards.length)} match`
      : `${cards.length} ${noun(cards.length)}`;
  }

  input.addEventListener("input", filter);
  input.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && input.value) {
      input.value = "";
      filter();
    }
  });
  document.addEventListener("keydown", (event) => {
    const typing = event.target instanceof HTMLInputElement;
    if (event.key === "/" && !typing && !event.ctrlKey && !event.metaKey && !event.altKey) {
      event.preventDefault();
      input.focus();
    }
  });

  function tell(button, message) {
    said.textContent = message;
    button.textContent = message;
    setTimeout(() => {
      button.textContent = button.dataset.label;
    }, 2000);
  }

  // The text copied is the card's BibTeX entry, exactly as the page shows it.
  function copy(text) {
    if (navigator.clipboard && navigator.clipboard.writeText) {
      return navigator.clipboard.writeText(text);
    }
    return Promise.reject(new Error("no clipboard"));
  }

  document.addEventListener("click", (event) => {
    const button = event.target.closest("button.copy");
    if (!button) {
      return;
    }
    const card = button.closest("li.card");
    const entry = card.querySelector("pre.bib");
    copy(entry.textContent).then(
      () => tell(button, "Copied"),
      () => {
        // No clipboard (some browsers refuse it to a file:// page): select the entry.
        card.querySelector("details").open = true;
        const range = document.createRange();
        range.selectNodeContents(entry);
        const selection = window.getSelection();
        selection.removeAllRanges();
        selection.addRange(range);
        tell(button, "Selected: press Ctrl+C");
      },
    );
  });

  filter();
})();
