/* test-qi-spec.c - --qi items and lists: types, levels and their names, defaults, every parsing
 * error, missing-value tokens, and rr_qi_generalise's contract (qi stage). */
#include "config.h"
#include <criterion/criterion.h>
#include <string.h>
#include "qi/qi.h"
#include "util/error.h"

static GDate
ymd (guint y, guint m, guint d)
{
  GDate date;
  g_date_clear (&date, 1);
  g_date_set_dmy (&date, (GDateDay) d, (GDateMonth) m, (GDateYear) y);
  return date;
}

/* Parses an item that must fail with RR_ERROR code; returns the message (owned). */
static char *
item_error (const char *text, const GDate *as_of, int code)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (RrQiSpec) spec = rr_qi_spec_parse (text, as_of, &error);
  cr_assert_null (spec, "'%s' parsed", text);
  cr_assert_not_null (error);
  cr_assert_eq (error->domain, RR_ERROR, "%s", error->message);
  cr_assert_eq (error->code, code, "%s", error->message);
  return g_strdup (error->message);
}

static char *
list_error (const char *text)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) specs = rr_qi_spec_parse_list (text, NULL, &error);
  cr_assert_null (specs, "'%s' parsed", text);
  cr_assert_not_null (error);
  cr_assert_eq (error->domain, RR_ERROR, "%s", error->message);
  cr_assert_eq (error->code, RR_ERROR_INVALID, "%s", error->message);
  return g_strdup (error->message);
}

static RrQiSpec *
parse_ok (const char *text, const GDate *as_of)
{
  g_autoptr (GError) error = NULL;
  RrQiSpec *spec = rr_qi_spec_parse (text, as_of, &error);
  cr_assert_not_null (spec, "'%s': %s", text, error ? error->message : "");
  return spec;
}

Test (qi_spec, names_of_types_levels_and_sources_round_trip)
{
  const char *types[] = { "postcode", "date", "age", "sex", "category", "number" };
  for (guint t = 0; t < G_N_ELEMENTS (types); t++)
    {
      RrQiType got = RR_QI_NUMBER + 1;
      cr_assert_str_eq (rr_qi_type_to_string ((RrQiType) t), types[t]);
      cr_assert (rr_qi_type_from_string (types[t], &got));
      cr_assert_eq (got, (RrQiType) t);
    }
  const char *levels[] = { "as-is", "unit", "sector", "district", "area", "day",
                           "month", "year",  "age1",   "age5",     "age10", "map" };
  for (guint l = 0; l < G_N_ELEMENTS (levels); l++)
    {
      RrQiLevel got = RR_LEVEL_MAP + 1;
      cr_assert_str_eq (rr_qi_level_to_string ((RrQiLevel) l), levels[l]);
      cr_assert (rr_qi_level_from_string (levels[l], &got));
      cr_assert_eq (got, (RrQiLevel) l);
    }
  RrQiType t;
  cr_assert (!rr_qi_type_from_string ("zipcode", &t));
  cr_assert (rr_qi_type_from_string ("PostCode", &t) && t == RR_QI_POSTCODE);
  RrQiLevel l;
  cr_assert (!rr_qi_level_from_string ("asis", &l));
  cr_assert_str_eq (rr_qi_source_to_string (RR_QI_SOURCE_OPTION), "option");
  cr_assert_str_eq (rr_qi_source_to_string (RR_QI_SOURCE_HEADER), "header");
  cr_assert_str_eq (rr_qi_source_to_string (RR_QI_SOURCE_CONTENT), "content");
}

Test (qi_spec, default_levels)
{
  cr_assert_eq (rr_qi_type_default_level (RR_QI_POSTCODE), RR_LEVEL_UNIT);
  cr_assert_eq (rr_qi_type_default_level (RR_QI_DATE), RR_LEVEL_DAY);
  cr_assert_eq (rr_qi_type_default_level (RR_QI_AGE), RR_LEVEL_AGE1);
  cr_assert_eq (rr_qi_type_default_level (RR_QI_SEX), RR_LEVEL_ASIS);
  cr_assert_eq (rr_qi_type_default_level (RR_QI_CATEGORY), RR_LEVEL_ASIS);
  cr_assert_eq (rr_qi_type_default_level (RR_QI_NUMBER), RR_LEVEL_ASIS);
}

Test (qi_spec, levels_valid_for_each_type)
{
  /* Rows: types in enum order; columns: levels in enum order (as-is .. map). */
  static const char *const valid[] = {
    ".XXXX.......", /* postcode: unit sector district area */
    ".....XXXXXX.", /* date: day month year age1 age5 age10 */
    "........XXX.", /* age: age1 age5 age10 */
    "X...........", /* sex */
    "X..........X", /* category: as-is, map */
    "X...........", /* number */
  };
  for (guint t = 0; t < G_N_ELEMENTS (valid); t++)
    for (guint l = 0; l <= RR_LEVEL_MAP; l++)
      cr_assert_eq (rr_qi_level_valid_for_type ((RrQiType) t, (RrQiLevel) l), valid[t][l] == 'X',
                    "%s:%s", rr_qi_type_to_string ((RrQiType) t),
                    rr_qi_level_to_string ((RrQiLevel) l));
}

Test (qi_spec, name_only_leaves_the_type_to_be_recognised)
{
  g_autoptr (RrQiSpec) spec = parse_ok (" postcode ", NULL);
  cr_assert_str_eq (spec->name, "postcode");
  cr_assert (!spec->type_given);
  cr_assert_eq (spec->source, RR_QI_SOURCE_OPTION);
  cr_assert_null (spec->map);
}

Test (qi_spec, type_without_level_takes_the_default)
{
  const char *items[] = { "pc:postcode", "dob:date", "a:age", "s:sex", "e:category", "n:number" };
  const RrQiLevel want[] = { RR_LEVEL_UNIT, RR_LEVEL_DAY, RR_LEVEL_AGE1,
                             RR_LEVEL_ASIS, RR_LEVEL_ASIS, RR_LEVEL_ASIS };
  for (guint i = 0; i < G_N_ELEMENTS (items); i++)
    {
      g_autoptr (RrQiSpec) spec = parse_ok (items[i], NULL);
      cr_assert (spec->type_given);
      cr_assert_eq (spec->type, (RrQiType) i, "%s", items[i]);
      cr_assert_eq (spec->level, want[i], "%s", items[i]);
    }
}

Test (qi_spec, type_and_level_are_trimmed_and_case_insensitive)
{
  g_autoptr (RrQiSpec) pc = parse_ok (" home pc : PostCode : District ", NULL);
  cr_assert_str_eq (pc->name, "home pc");
  cr_assert_eq (pc->type, RR_QI_POSTCODE);
  cr_assert_eq (pc->level, RR_LEVEL_DISTRICT);
  GDate as_of = ymd (2021, 1, 1);
  g_autoptr (RrQiSpec) dob = parse_ok ("date_of_birth:date:AGE5", &as_of);
  cr_assert_eq (dob->level, RR_LEVEL_AGE5);
  cr_assert_eq (g_date_compare (&dob->as_of, &as_of), 0);
  g_autoptr (RrQiSpec) sex = parse_ok ("sex:sex:as-is", NULL);
  cr_assert_eq (sex->level, RR_LEVEL_ASIS);
}

Test (qi_spec, unknown_type_is_invalid)
{
  g_autofree char *msg = item_error ("postcode:zipcode", NULL, RR_ERROR_INVALID);
  cr_assert_str_eq (msg, "--qi item 'postcode:zipcode': unknown type 'zipcode' (the types are: "
                         "postcode, date, age, sex, category, number)");
}

Test (qi_spec, unknown_level_is_invalid)
{
  g_autofree char *msg = item_error ("postcode:postcode:street", NULL, RR_ERROR_INVALID);
  cr_assert_str_eq (msg, "--qi item 'postcode:postcode:street': unknown level 'street' (the "
                         "levels of postcode are: unit, sector, district, area)");
}

Test (qi_spec, level_of_another_type_is_invalid)
{
  g_autofree char *sex = item_error ("sex:sex:district", NULL, RR_ERROR_INVALID);
  cr_assert_str_eq (sex, "--qi item 'sex:sex:district': level 'district' is not valid for type "
                         "sex (its levels are: as-is)");
  g_autofree char *age = item_error ("age:age:day", NULL, RR_ERROR_INVALID);
  cr_assert_str_eq (age, "--qi item 'age:age:day': level 'day' is not valid for type age (its "
                         "levels are: age1, age5, age10)");
  g_autofree char *pc = item_error ("pc:postcode:as-is", NULL, RR_ERROR_INVALID);
  cr_assert (strstr (pc, "not valid for type postcode") != NULL, "%s", pc);
  g_autofree char *map = item_error ("sex:sex:map=x.csv", NULL, RR_ERROR_INVALID);
  cr_assert_str_eq (map, "--qi item 'sex:sex:map=x.csv': level 'map=x.csv' is not valid for "
                         "type sex (its levels are: as-is)");
}

Test (qi_spec, map_level_needs_a_file)
{
  g_autofree char *bare = item_error ("eth:category:map", NULL, RR_ERROR_INVALID);
  cr_assert_str_eq (bare, "--qi item 'eth:category:map': level map needs its file, as map=FILE");
  g_autofree char *empty = item_error ("eth:category:map=", NULL, RR_ERROR_INVALID);
  cr_assert_str_eq (empty, "--qi item 'eth:category:map=': level map= needs a file name");
}

Test (qi_spec, map_file_errors_pass_through)
{
  g_autofree char *msg = item_error ("eth:category:map=" TEST_DATA_DIR "/qi/map-duplicate.csv",
                                     NULL, RR_ERROR_PARSE);
  cr_assert (g_str_has_prefix (msg, TEST_DATA_DIR "/qi/map-duplicate.csv:4:1: "), "%s", msg);
}

Test (qi_spec, empty_parts_are_invalid)
{
  g_autofree char *name = item_error (" :date", NULL, RR_ERROR_INVALID);
  cr_assert_str_eq (name, "--qi item ' :date': empty column name");
  g_autofree char *type = item_error ("dob:", NULL, RR_ERROR_INVALID);
  cr_assert_str_eq (type, "--qi item 'dob:': empty type");
  g_autofree char *level = item_error ("dob:date: ", NULL, RR_ERROR_INVALID);
  cr_assert_str_eq (level, "--qi item 'dob:date: ': empty level");
  g_autofree char *all = item_error ("", NULL, RR_ERROR_INVALID);
  cr_assert_str_eq (all, "--qi item '': empty column name");
}

Test (qi_spec, age_levels_of_a_date_need_a_reference_date)
{
  g_autofree char *msg = item_error ("dob:date:age10", NULL, RR_ERROR_INVALID);
  cr_assert_str_eq (msg, "--qi item 'dob:date:age10': age levels need a reference date (--as-of)");
  GDate cleared;
  g_date_clear (&cleared, 1);
  g_autofree char *msg2 = item_error ("dob:date:age1", &cleared, RR_ERROR_INVALID);
  cr_assert (strstr (msg2, "age levels need a reference date") != NULL, "%s", msg2);
  g_autoptr (RrQiSpec) age = parse_ok ("age:age:age10", NULL); /* ages need no date */
  cr_assert_eq (age->level, RR_LEVEL_AGE10);
}

Test (qi_spec, list_keeps_order)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) specs = rr_qi_spec_parse_list (
    "postcode:postcode:district, date_of_birth:date:year,sex:sex,ethnicity", NULL, &error);
  cr_assert_not_null (specs, "%s", error ? error->message : "");
  cr_assert_eq (specs->len, 4);
  const char *names[] = { "postcode", "date_of_birth", "sex", "ethnicity" };
  const RrQiLevel levels[] = { RR_LEVEL_DISTRICT, RR_LEVEL_YEAR, RR_LEVEL_ASIS, RR_LEVEL_ASIS };
  for (guint i = 0; i < specs->len; i++)
    {
      const RrQiSpec *s = g_ptr_array_index (specs, i);
      cr_assert_str_eq (s->name, names[i]);
      cr_assert_eq (s->level, levels[i]);
    }
  cr_assert (!((RrQiSpec *) g_ptr_array_index (specs, 3))->type_given);
}

Test (qi_spec, list_errors)
{
  g_autofree char *gap = list_error ("a:sex,,b:sex");
  cr_assert_str_eq (gap, "--qi 'a:sex,,b:sex': item 2 is empty");
  g_autofree char *trailing = list_error ("a:sex,");
  cr_assert_str_eq (trailing, "--qi 'a:sex,': item 2 is empty");
  g_autofree char *empty = list_error ("");
  cr_assert_str_eq (empty, "--qi is empty");
  g_autofree char *twice = list_error ("a:sex, a:category");
  cr_assert_str_eq (twice, "--qi names column 'a' twice");
  g_autofree char *item = list_error ("a:sex,b:colour");
  cr_assert (g_str_has_prefix (item, "--qi item 'b:colour': unknown type"), "%s", item);
}

Test (qi_spec, missing_tokens)
{
  const char *missing[] = { "", "   ", "\t\r\n", "NA", "na", "n/a", "N/A", "NULL", "null",
                            " Null ", "nA" };
  for (guint i = 0; i < G_N_ELEMENTS (missing); i++)
    cr_assert (rr_qi_is_missing (missing[i], strlen (missing[i])), "'%s'", missing[i]);
  const char *present[] = { "NAN", "N.A.", "none", "0", "-", "NA1", "N / A", "NULLS" };
  for (guint i = 0; i < G_N_ELEMENTS (present); i++)
    cr_assert (!rr_qi_is_missing (present[i], strlen (present[i])), "'%s'", present[i]);
  cr_assert (rr_qi_is_missing ("NAB", 2)); /* only len bytes count */
}

Test (qi_spec, trim_strips_blanks_only)
{
  const char *s = " \t\r\nLS6 2AB \n\fx";
  gsize len = strlen (s) - 1; /* leave out the final x */
  rr_qi_trim (&s, &len);
  cr_assert_eq (len, 10); /* a form feed is not a blank, so the trailing "\n\f" stays */
  cr_assert_eq (memcmp (s, "LS6 2AB \n\f", len), 0);
  const char *blank = " \t ";
  gsize n = 3;
  rr_qi_trim (&blank, &n);
  cr_assert_eq (n, 0);
}

Test (qi_spec, generalise_appends_and_resets_why)
{
  g_autoptr (RrQiSpec) spec = rr_qi_spec_new ("sex", RR_QI_SEX, RR_LEVEL_ASIS, NULL);
  g_autoptr (GString) out = g_string_new ("x|");
  const char *why = "stale";
  cr_assert_eq (rr_qi_generalise (spec, "Female  ", 8, out, &why), RR_QI_VALUE_OK);
  cr_assert_str_eq (out->str, "x|F");
  cr_assert_null (why);
  cr_assert_eq (rr_qi_generalise (spec, "Q", 1, out, NULL), RR_QI_VALUE_INVALID);
  cr_assert_eq (rr_qi_generalise (spec, "NA", 2, out, NULL), RR_QI_VALUE_MISSING);
  cr_assert_eq (rr_qi_generalise (spec, NULL, 0, out, NULL), RR_QI_VALUE_MISSING);
  cr_assert_str_eq (out->str, "x|F");
}
