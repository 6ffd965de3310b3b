/* svg.h - inline SVG charts for the HTML report, built as libxml2 nodes so every label is
 * escaped text (report stage: draws, computes nothing). */
#pragma once
#include <glib.h>
#include <libxml/tree.h>

/* One bar: its label under the x axis, its height, its fill (a CSS colour), and the tooltip
 * shown over it (NULL: "LABEL: VALUE"). */
typedef struct
{
  const char *label;
  guint64 value;
  const char *fill;
  const char *tip;
} RrSvgBar;

/* The words of a chart.  id must be unique within the page: the <title> and <desc> get the ids
 * "ID-title" and "ID-desc", which the <svg>'s aria-labelledby names, so a screen reader reads
 * them in place of the picture.  desc should give every bar's value in words. */
typedef struct
{
  const char *id;
  const char *title;
  const char *desc;
  const char *x_label;
  const char *y_label;
} RrSvgChartText;

/* Appends to parent an <svg role="img"> vertical bar chart of n_bars bars (n_bars >= 1), with
 * a y axis from 0 with round ticks (1, 2 or 5 times a power of ten), each bar's value written
 * above it, and axis labels.  The chart scales to its container (viewBox, no fixed width).
 * Returns the <svg> node, which belongs to parent's document. */
xmlNode *rr_svg_bar_chart_add (xmlNode *parent, const RrSvgChartText *text, const RrSvgBar *bars,
                               guint n_bars);

/* The tick step and the top of the y axis for values up to max: the smallest step of the form
 * 1, 2 or 5 x 10^j with at most 5 steps to reach max, and top = the first multiple of step at
 * or above max (step 1 and top 1 when max is 0; G_MAXUINT64 if that multiple overflows). */
void rr_svg_axis_scale (guint64 max, guint64 *step, guint64 *top);
