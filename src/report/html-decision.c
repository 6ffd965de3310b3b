/* html-decision.c - the decision sections of the HTML report (report stage). */
#include "config.h"
#include "report/html-decision.h"
