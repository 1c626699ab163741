// Pair review: every pair with its verdict and row count, edited in place (re-validated at
// once by the executor, If-Match against concurrent edits), approved or rejected, filtered;
// then training_load.
import { ApiError, call, get, post } from "./api.js";
import { $, $$, badge, h, setupLogin, toast } from "./dom.js";

const taskId = document.body.dataset.taskId;
const state = { etag: null, pairs: [] };

function verdict(p) {
  if (p.valid === null || p.valid === undefined) return badge("unchecked");
  const v = h("span", { class: "verdict" }, h("span", { class: "badge", dataset: { status: p.valid ? "valid" : "invalid" } }, p.valid ? "有效" : "无效"));
  if (p.error) v.append(h("div", { class: "error small" }, p.error));
  return v;
}

function row(p) {
  const question = h("textarea", { rows: 3, "aria-label": `问题 ${p.index}` }, p.question ?? "");
  const sql = h("textarea", { rows: 4, class: "sql", "aria-label": `SQL ${p.index}` }, p.sql ?? "");
  const save = h("button", { type: "button", onclick: () => edit(p, question.value, sql.value) }, "保存并验证");
  return h("tr", { dataset: { index: p.index, valid: String(p.valid), review: p.review_state || "" } },
    h("td", {}, String(p.index)), h("td", {}, question), h("td", {}, sql),
    h("td", { class: "verdict-cell" }, verdict(p)),
    h("td", { class: "rows" }, p.row_count == null ? "—" : String(p.row_count)),
    h("td", { class: "review" }, badge(p.review_state || "unreviewed")),
    h("td", { class: "ops" }, save,
      h("button", { type: "button", onclick: () => review([p.index], "approved") }, "通过"),
      h("button", { type: "button", class: "danger", onclick: () => review([p.index], "rejected") }, "拒绝")));
}

function visible(p) {
  const f = $("#pair-filter").value;
  return f === "all" || (f === "invalid" && p.valid === false) || (f === "unreviewed" && !p.review_state);
}

function render() {
  $("#pairs tbody").replaceChildren(...state.pairs.filter(visible).map(row));
}

async function load() {
  try {
    const data = await get(`/tasks/${taskId}/pairs`);
    Object.assign(state, { etag: data.etag, pairs: data.pairs });
    const s = data.summary;
    $("#pairs-summary").textContent = `${data.pair_file}：共 ${s.total} 条，有效 ${s.valid}，无效 ${s.invalid}，未验证 ${s.unchecked}；已通过 ${s.approved}，已拒绝 ${s.rejected}，未审核 ${s.unreviewed}`;
    render();
  } catch (e) { toast(e.message, "error"); }
}

async function edit(p, question, sql) {
  const body = {};
  if (question !== p.question) body.question = question;
  if (sql !== p.sql) body.sql = sql;
  if (!Object.keys(body).length) return toast("没有修改");
  try {
    const { data } = await call("PATCH", `/tasks/${taskId}/pairs/${p.index}`, body, { "If-Match": state.etag });
    toast(data.valid ? "已保存：SQL 有效" : "已保存：SQL 无效", data.valid ? "info" : "error");
  } catch (e) {
    toast(e instanceof ApiError && e.code === "PAIR_CONFLICT" ? "文件已被他人修改，已重新加载" : e.message, "error");
  }
  await load();
}

async function review(indexes, state_) {
  try {
    await post(`/tasks/${taskId}/pairs/review`, { indexes, state: state_ });
    toast(state_ === "approved" ? `已通过 ${indexes.length} 条` : `已拒绝 ${indexes.length} 条`);
  } catch (e) { toast(e.message, "error"); }
  await load();
}

$("#pair-filter").addEventListener("change", render);
$("#approve-valid").addEventListener("click", () => {
  const indexes = state.pairs.filter((p) => p.valid === true && !p.review_state).map((p) => p.index);
  if (indexes.length) review(indexes, "approved"); else toast("没有待通过的有效问答对");
});
$("#run-load").addEventListener("click", async () => {
  try {
    await post(`/tasks/${taskId}/execute`, { step: "training_load", force_execute: true });
    toast("已提交训练数据加载");
    location.assign(`/ui/tasks/${taskId}`);
  } catch (e) { toast(`${e.message}${e.code ? ` (${e.code})` : ""}`, "error"); }
});

if (setupLogin(load)) load();
