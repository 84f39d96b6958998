/* Test-only shim for wine 8, never shipped: Windows 10 has bcryptprimitives.dll, wine 8 does not,
 * and the Rust extensions in the Windows wheels (pydantic_core, cryptography) import its
 * ProcessPrng (Rust's std uses it for random bytes). test_windows.sh builds this with mingw-w64 and
 * puts it into the wine prefix's system32, as Windows itself provides it.
 * ProcessPrng fills the buffer from the system CSPRNG and always returns TRUE; so does this. */
#include <windows.h>
#include <ntsecapi.h>

BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len)
{
    while (len) {
        ULONG n = len > 0x10000000 ? 0x10000000 : (ULONG)len;
        if (!RtlGenRandom(data, n))
            return FALSE;
        data += n;
        len -= n;
    }
    return TRUE;
}
