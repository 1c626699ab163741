// New task: the business DB, tables picked from the inspector (grouped by schema, searchable,
// with comments and row estimates), context and options; create, or create and run.
import { post } from "./api.js";
import { $, $$, h, setupLogin, toast } from "./dom.js";

const form = $("#new-task");
const KINDS = { table: "表", view: "视图", partitioned: "分区表", materialized_view: "物化视图" };

const custom = () => form.db_mode.value === "custom";
form.addEventListener("change", (e) => {
  if (e.target.name === "db_mode") $(".custom-db").hidden = !custom();
});

function connection() {
  const dsn = form.db_connection.value.trim();
  return custom() && dsn ? { db_connection: dsn } : {};
}

function tableItem(t) {
  const name = `${t.schema}.${t.name}`;
  const rows = t.estimated_rows != null && t.estimated_rows >= 0 ? `约 ${t.estimated_rows} 行` : "";
  return h("label", { class: "table-item", dataset: { search: `${name} ${t.comment || ""}`.toLowerCase() } },
    h("input", { type: "checkbox", name: "table", value: name }),
    h("span", { class: "mono" }, name), " ",
    h("span", { class: "muted" }, [KINDS[t.kind] || t.kind, rows, t.comment].filter(Boolean).join(" · ")));
}

async function loadTables() {
  const button = $("#load-tables");
  button.disabled = true;
  try {
    const data = await post("/api/v0/database/tables", connection());
    const groups = Map.groupBy(data.tables, (t) => t.schema);
    $("#table-picker").replaceChildren(...[...groups].map(([schema, tables]) =>
      h("fieldset", { class: "schema" }, h("legend", {}, `${schema}（${tables.length}）`), tables.map(tableItem))));
    $("#table-count").textContent = `共 ${data.tables.length} 张表`;
    filterTables();
  } catch (e) { toast(`${e.message}${e.code ? ` (${e.code})` : ""}`, "error"); }
  button.disabled = false;
}

function filterTables() {
  const q = $("#table-search").value.trim().toLowerCase();
  $$(".table-item").forEach((el) => (el.hidden = q && !el.dataset.search.includes(q)));
}

function tables() {
  const manual = form.table_list_text.value.split(",").map((s) => s.trim()).filter(Boolean);
  return [...new Set([...$$("input[name=table]:checked").map((c) => c.value), ...manual])];
}

function body() {
  const options = ["enable_sql_validation", "enable_llm_repair", "modify_original_file", "enable_training_data_load", "require_review"];
  const b = { task_type: "data_workflow", business_context: form.business_context.value.trim(), ...connection() };
  for (const name of ["task_name", "db_name"]) if (form[name].value.trim()) b[name] = form[name].value.trim();
  for (const name of options) b[name] = form[name].checked;
  const list = tables();
  if (list.length) b.table_list = list;
  return b;
}

form.addEventListener("submit", async (e) => {
  e.preventDefault();
  const run = e.submitter?.value === "run";
  const error = $("#form-error");
  error.hidden = true;
  try {
    const data = await post(run ? "/tasks/execute-complete" : "/tasks", body());
    location.assign(`/ui/tasks/${data.task_id}`);
  } catch (err) {
    error.textContent = `${err.message}${err.code ? `（${err.code}）` : ""}`;
    error.hidden = false;
  }
});
$("#load-tables").addEventListener("click", loadTables);
$("#table-search").addEventListener("input", filterTables);
setupLogin(() => {});
