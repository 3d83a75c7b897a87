// The language switch posts the page's path and query as `next`; the map keeps its
// view in the hash, which never reaches the server, so it is added here on submit.
const form = document.getElementById("language-switch");
if (form) {
  form.addEventListener("submit", () => {
    const next = form.querySelector("input[name=next]");
    next.value = next.value.split("#")[0] + window.location.hash;
  });
}
