// Small DOM helpers shared by the pages: elements, labels, formatting, the login form.
import { token } from "./api.js";

export const $ = (selector, root = document) => root.querySelector(selector);
export const $$ = (selector, root = document) => [...root.querySelectorAll(selector)];

export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith("on")) el.addEventListener(k.slice(2), v);
    else if (k === "dataset") Object.assign(el.dataset, v);
    else el.setAttribute(k, v === true ? "" : v);
  }
  el.append(...children.flat().filter((c) => c !== null && c !== undefined));
  return el;
}

export const STATUS = {
  pending: "待执行", in_progress: "执行中", running: "执行中", queued: "排队中",
  partial_completed: "部分完成", completed: "已完成", failed: "失败",
  cancelled: "已取消", skipped: "已跳过", lost: "已失联",
  approved: "已通过", rejected: "已拒绝", unreviewed: "未审核", unchecked: "未验证",
};
export const label = (status) => STATUS[status] || status || "—";

export function badge(status) {
  return h("span", { class: "badge", dataset: { status: status || "" } }, label(status));
}

export function setBadge(el, status) {
  el.dataset.status = status || "";
  el.textContent = label(status);
}

export function size(bytes) {
  if (bytes == null) return "—";
  const units = ["B", "KB", "MB", "GB"];
  let i = 0;
  while (bytes >= 1024 && i < units.length - 1) { bytes /= 1024; i++; }
  return `${i ? bytes.toFixed(1) : bytes} ${units[i]}`;
}

export function when(iso) {
  return iso ? new Date(iso).toLocaleString("zh-CN", { hour12: false }) : "—";
}

export function toast(message, kind = "info") {
  const el = $("#toast");
  el.textContent = message;
  el.className = `toast show ${kind}`;
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => (el.className = "toast"), 4000);
}

// Shows the token form when the gateway has tokens and none is stored (or it was refused).
export function setupLogin(onLogin) {
  const form = $("#login"), out = $("#logout");
  const needed = document.body.dataset.auth === "required";
  const show = (asking) => { form.hidden = !asking; out.hidden = asking || !needed; };
  show(needed && !token.get());
  document.addEventListener("dp:unauthorized", () => needed && show(true));
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    token.set(form.token.value.trim());
    form.reset();
    show(false);
    onLogin();
  });
  out.addEventListener("click", () => { token.clear(); show(true); });
  return !needed || Boolean(token.get());
}
