/* TEST ONLY — never shipped. Debian's Wine 8 has no bcryptprimitives.dll, whose
 * ProcessPrng Rust's standard library calls (since 1.78) for random numbers; real Windows
 * 10+ has it. The wine tests place this forwarder beside danvan.exe in their own folder. */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len) {
    while (len > 0) {
        ULONG chunk = len > 0x7fffffff ? 0x7fffffff : (ULONG)len;
        if (!SystemFunction036(data, chunk)) return FALSE;
        data += chunk;
        len -= chunk;
    }
    return TRUE;
}
