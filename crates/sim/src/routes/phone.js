// The phone page keeps itself current: every second it reads /_sim/push and changes only what
// changed, so an item that stays keeps its buttons (a click or the focus is never lost to a
// refresh). Every value from the data goes in as text, never as markup: the message is free
// text a helpdesk agent typed.
(() => {
  "use strict";
  const list = document.getElementById("requests");
  const summary = document.getElementById("summary");

  const text = (tag, className, value) => {
    const element = document.createElement(tag);
    if (className) element.className = className;
    element.textContent = value;
    return element;
  };

  const button = (answer, label, device) => {
    const element = text("button", answer, label);
    element.type = "submit";
    element.name = "answer";
    element.value = answer;
    element.setAttribute("aria-label", `${label} on ${device}`);
    return element;
  };

  // The same markup as the server renders.
  const item = (push) => {
    const li = document.createElement("li");
    li.dataset.id = push.transaction_id;
    const left = document.createElement("p");
    left.className = "left";
    left.append(text("span", "seconds", String(push.expires_in)), " s left");
    const form = document.createElement("form");
    form.method = "post";
    form.action = `/_sim/push/${encodeURIComponent(push.transaction_id)}`;
    form.append(
      button("approve", "Approve", push.device_name),
      " ",
      button("deny", "Deny", push.device_name),
    );
    li.append(
      text("h2", "", push.device_name),
      text("p", "application", push.application),
      text("p", "message", push.message),
      left,
      form,
    );
    return li;
  };

  const describe = (count) =>
    count === 0
      ? "No pending requests"
      : count === 1
        ? "1 pending request"
        : `${count} pending requests`;

  const show = (pending) => {
    const wanted = new Set(pending.map((push) => push.transaction_id));
    for (const li of Array.from(list.children)) {
      if (!wanted.has(li.dataset.id)) li.remove();
    }
    const shown = new Map(Array.from(list.children, (li) => [li.dataset.id, li]));
    pending.forEach((push, index) => {
      const li = shown.get(push.transaction_id) ?? item(push);
      if (list.children[index] !== li) list.insertBefore(li, list.children[index] ?? null);
      const seconds = li.querySelector(".seconds");
      if (seconds) seconds.textContent = String(push.expires_in);
    });
    list.hidden = pending.length === 0;
    // Only on a change: the status region is announced whenever its text is set.
    const description = describe(pending.length);
    if (summary.textContent !== description) summary.textContent = description;
  };

  const refresh = async () => {
    try {
      const response = await fetch("/_sim/push", { cache: "no-store" });
      if (response.ok) show(await response.json());
    } catch {
      // The simulator stopped or restarts: keep what is shown and try again.
    }
  };

  setInterval(refresh, 1000);
})();
