/*
 * worklist.c - the HTML page of documents to work through (worklist.h).
 */
#include "tasnif.h"
#include "../predict/render.h"
#include "worklist.h"

void worklist_begin(FILE *fp, const char *title, const char *intro)
{
    fputs("<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\"/>\n<title>", fp);
    render_html(fp, title);
    fputs("</title>\n<style>\n"
          "body{font-family:'Noto Naskh Arabic','DejaVu Sans',sans-serif;max-width:60em;margin:2em auto;"
          "padding:0 1em;color:#222;line-height:1.6}\n"
          "li{border:1px solid #ccc;border-radius:6px;padding:.6em 1em;margin:1em 0}\n"
          "li:has(input:checked){opacity:.45}\n"
          "dl{display:grid;grid-template-columns:max-content auto;gap:0 1em;margin:.4em 0}\n"
          "dt{color:#555}dd{margin:0}\n"
          ".text{unicode-bidi:plaintext;white-space:pre-wrap;font-size:1.1em}\n"
          "summary{unicode-bidi:plaintext;cursor:pointer}\n"
          "</style>\n</head>\n<body>\n<h1>", fp);
    render_html(fp, title);
    fputs("</h1>\n<p>", fp);
    render_html(fp, intro);
    fputs("</p>\n<ol>\n", fp);
}

void worklist_doc_begin(FILE *fp, size_t number, const char *id)
{
    fprintf(fp, "<li id=\"d%zu\"><label><input type=\"checkbox\"/> <code>", number);
    render_html(fp, id);
    fputs("</code></label>\n<dl>\n", fp);
}

void worklist_fact(FILE *fp, const char *name, const char *value)
{
    fputs("<dt>", fp);
    render_html(fp, name);
    fputs("</dt><dd>", fp);
    render_html(fp, value);
    fputs("</dd>\n", fp);
}

void worklist_doc_end(FILE *fp, const char *words, const char *text)
{
    fputs("</dl>\n<details><summary>", fp);
    render_html(fp, words);
    fputs("…</summary><div class=\"text\">", fp);
    render_html(fp, text);
    fputs("</div></details></li>\n", fp);
}

void worklist_end(FILE *fp)
{
    fprintf(fp, "</ol>\n<p><small>tasnif %s</small></p>\n</body>\n</html>\n", TASNIF_VERSION);
}
