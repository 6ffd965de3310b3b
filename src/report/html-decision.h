/* html-decision.h - the decision in the HTML report (report stage). */
#pragma once
#include <libxml/tree.h>
#include "measure/result.h"
