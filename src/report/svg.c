/* svg.c - an inline SVG bar chart as libxml2 nodes (report stage).  Hand-written: no C library
 * draws charts into a libxml2 tree, and a bar chart is a few rectangles. */
#include "config.h"
#include "report/svg.h"
#include "report/format.h"

/* Geometry in viewBox units: the plot area and the room left for the axis labels. */
#define CHART_W 720.0
#define CHART_H 340.0
#define PLOT_LEFT 78.0
#define PLOT_RIGHT 706.0
#define PLOT_TOP 24.0
#define PLOT_BOTTOM 270.0
#define BAR_SHARE 0.68 /* of each bar's slot, the rest is the gap */
#define MAX_TICKS 5

#define TEXT_COLOUR "#1f2933"
#define MUTED_COLOUR "#52606d"
#define GRID_COLOUR "#d9e2ec"

void
rr_svg_axis_scale (guint64 max, guint64 *step, guint64 *top)
{
  static const guint64 mantissa[] = { 1, 2, 5 };
  /* ceil (max / MAX_TICKS), written so that it cannot overflow */
  guint64 least = max / MAX_TICKS + (max % MAX_TICKS != 0);
  guint64 power = 1;
  for (guint i = 0;; i++)
    {
      *step = mantissa[i % 3] * power;
      if (*step >= least)
        break;
      if (i % 3 == 2)
        power *= 10;
    }
  guint64 n_steps = max / *step + (max % *step != 0);
  *top = max == 0 ? 1 : n_steps > G_MAXUINT64 / *step ? G_MAXUINT64 : n_steps * *step;
}

static void
set_num (xmlNode *node, const char *name, double value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  g_ascii_formatd (buf, sizeof buf, "%.1f", value);
  xmlNewProp (node, BAD_CAST name, BAD_CAST buf);
}

static void
set (xmlNode *node, const char *name, const char *value)
{
  g_autofree char *text = rr_format_text (value);
  xmlNewProp (node, BAD_CAST name, BAD_CAST text);
}

static xmlNode *
add_text (xmlNode *parent, const char *name, const char *text)
{
  g_autofree char *clean = rr_format_text (text);
  return xmlNewTextChild (parent, NULL, BAD_CAST name, BAD_CAST clean);
}

static xmlNode *
add_label (xmlNode *parent, double x, double y, const char *anchor, const char *colour,
           const char *text)
{
  xmlNode *t = add_text (parent, "text", text);
  set_num (t, "x", x);
  set_num (t, "y", y);
  set (t, "text-anchor", anchor);
  set (t, "fill", colour);
  return t;
}

static void
add_line (xmlNode *parent, double x1, double y1, double x2, double y2, const char *colour)
{
  xmlNode *line = xmlNewChild (parent, NULL, BAD_CAST "line", NULL);
  set_num (line, "x1", x1);
  set_num (line, "y1", y1);
  set_num (line, "x2", x2);
  set_num (line, "y2", y2);
  set (line, "stroke", colour);
}

static double
y_of (guint64 value, guint64 top)
{
  return PLOT_BOTTOM - (double) value / (double) top * (PLOT_BOTTOM - PLOT_TOP);
}

static void
add_y_axis (xmlNode *svg, guint64 step, guint64 top, const char *y_label)
{
  xmlNode *g = xmlNewChild (svg, NULL, BAD_CAST "g", NULL);
  set (g, "font-size", "12");
  for (guint64 v = 0;; v += step)
    {
      double y = y_of (v, top);
      g_autofree char *label = rr_format_count (v);
      add_line (g, PLOT_LEFT, y, PLOT_RIGHT, y, GRID_COLOUR);
      add_label (g, PLOT_LEFT - 8.0, y + 4.0, "end", MUTED_COLOUR, label);
      if (top - v < step) /* the last tick; v += step could wrap */
        break;
    }
  xmlNode *t = add_label (svg, 0.0, 0.0, "middle", MUTED_COLOUR, y_label);
  set (t, "font-size", "13");
  g_autofree char *rotate = g_strdup_printf ("translate(18 %d) rotate(-90)",
                                             (int) ((PLOT_TOP + PLOT_BOTTOM) / 2.0));
  set (t, "transform", rotate);
}

static void
add_bar (xmlNode *g, const RrSvgBar *bar, double slot_left, double slot_w, guint64 top)
{
  double w = slot_w * BAR_SHARE, x = slot_left + (slot_w - w) / 2.0, y = y_of (bar->value, top);
  g_autofree char *value = rr_format_count (bar->value);
  xmlNode *rect = xmlNewChild (g, NULL, BAD_CAST "rect", NULL);
  set_num (rect, "x", x);
  set_num (rect, "y", y);
  set_num (rect, "width", w);
  set_num (rect, "height", PLOT_BOTTOM - y);
  set (rect, "fill", bar->fill);
  g_autofree char *tip = bar->tip != NULL ? g_strdup (bar->tip)
                                           : g_strdup_printf ("%s: %s", bar->label, value);
  add_text (rect, "title", tip);
  double mid = slot_left + slot_w / 2.0;
  add_label (g, mid, y - 6.0, "middle", TEXT_COLOUR, value);
  add_label (g, mid, PLOT_BOTTOM + 18.0, "middle", MUTED_COLOUR, bar->label);
}

static xmlNode *
svg_new (xmlNode *parent, const RrSvgChartText *text)
{
  xmlNode *svg = xmlNewChild (parent, NULL, BAD_CAST "svg", NULL);
  g_autofree char *box = g_strdup_printf ("0 0 %d %d", (int) CHART_W, (int) CHART_H);
  g_autofree char *title_id = g_strconcat (text->id, "-title", NULL);
  g_autofree char *desc_id = g_strconcat (text->id, "-desc", NULL);
  g_autofree char *labelled = g_strconcat (title_id, " ", desc_id, NULL);
  set (svg, "viewBox", box);
  set (svg, "role", "img");
  set (svg, "aria-labelledby", labelled);
  set (svg, "class", "chart");
  set (svg, "font-family", "inherit");
  set (add_text (svg, "title", text->title), "id", title_id);
  set (add_text (svg, "desc", text->desc), "id", desc_id);
  return svg;
}

xmlNode *
rr_svg_bar_chart_add (xmlNode *parent, const RrSvgChartText *text, const RrSvgBar *bars,
                      guint n_bars)
{
  g_return_val_if_fail (parent != NULL && text != NULL && bars != NULL && n_bars > 0, NULL);
  xmlNode *svg = svg_new (parent, text);
  guint64 max = 0, step, top;
  for (guint i = 0; i < n_bars; i++)
    max = MAX (max, bars[i].value);
  rr_svg_axis_scale (max, &step, &top);
  add_y_axis (svg, step, top, text->y_label);
  xmlNode *g = xmlNewChild (svg, NULL, BAD_CAST "g", NULL);
  set (g, "font-size", "13");
  double slot_w = (PLOT_RIGHT - PLOT_LEFT) / n_bars;
  for (guint i = 0; i < n_bars; i++)
    add_bar (g, &bars[i], PLOT_LEFT + i * slot_w, slot_w, top);
  add_line (svg, PLOT_LEFT, PLOT_BOTTOM, PLOT_RIGHT, PLOT_BOTTOM, MUTED_COLOUR);
  xmlNode *x_label = add_label (svg, (PLOT_LEFT + PLOT_RIGHT) / 2.0, CHART_H - 12.0, "middle",
                                MUTED_COLOUR, text->x_label);
  set (x_label, "font-size", "13");
  return svg;
}
