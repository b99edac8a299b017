/*
 * format.h - the model file's constants: magic, endianness mark and
 * section tags (layout in models/FORMAT.md).  Private to models/.
 */
#ifndef TASNIF_FORMAT_H
#define TASNIF_FORMAT_H

#include <stdint.h>

#define BUNDLE_MAGIC "TASNIF\r\n"  /* 8 bytes, no NUL */
#define BUNDLE_ENDIAN_MARK 0x01020304u
#define BUNDLE_TAG(a, b, c, d) ((uint32_t)(a) | (uint32_t)(b) << 8 | (uint32_t)(c) << 16 | (uint32_t)(d) << 24)
enum {
    SEC_CONF = BUNDLE_TAG('C', 'O', 'N', 'F'),
    SEC_META = BUNDLE_TAG('M', 'E', 'T', 'A'),
    SEC_LABL = BUNDLE_TAG('L', 'A', 'B', 'L'),
    SEC_VOCB = BUNDLE_TAG('V', 'O', 'C', 'B'),
    SEC_IDF = BUNDLE_TAG('I', 'D', 'F', ' '),
    SEC_LSA = BUNDLE_TAG('L', 'S', 'A', ' '),
    SEC_SOLV = BUNDLE_TAG('S', 'O', 'L', 'V'),
    SEC_SVMP = BUNDLE_TAG('S', 'V', 'M', 'P'),
    SEC_WGHT = BUNDLE_TAG('W', 'G', 'H', 'T'),
    SEC_WF32 = BUNDLE_TAG('W', 'F', '3', '2'),  /* version 3: f32 weights */
    SEC_WI8 = BUNDLE_TAG('W', 'I', '8', ' '),   /* version 3: int8 weights, a scale per function */
    SEC_SVS = BUNDLE_TAG('S', 'V', 'S', ' '),
    SEC_THRS = BUNDLE_TAG('T', 'H', 'R', 'S'),
    SEC_DOCS = BUNDLE_TAG('D', 'O', 'C', 'S'),
};

#endif
