/*
 * fuzz_json.c - the JSON reader (JSON Lines corpora, baseline reports).
 */
#include <stdint.h>
#include <stdlib.h>
#include "../../features/json.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    size_t at;
    json *j = json_parse((const char *)data, size, &at, NULL);
    if (j) {
        json_get(j, "label");
        json_num(j, "accuracy", 0);
    } else if (at > size)
        abort();
    json_free(j);
    return 0;
}
