/* sysinfo(2), get_phys_pages/get_avphys_pages and sysconf(_SC_PHYS_PAGES/_SC_AVPHYS_PAGES): what
 * holds on any Linux — the machine's figures differ, their relations do not. */
#include <stdio.h>
#include <unistd.h>
#include <sys/sysinfo.h>

int main(void) {
	struct sysinfo a, b;
	int r = sysinfo(&a);
	printf("sysinfo %d mem_unit>=1 %d totalram>0 %d freeram<=totalram %d freeswap<=totalswap %d procs>=1 %d uptime>=1 %d\n",
	       r, a.mem_unit >= 1, a.totalram > 0, a.freeram <= a.totalram, a.freeswap <= a.totalswap, a.procs >= 1, a.uptime >= 1);
	long phys = sysconf(_SC_PHYS_PAGES), avphys = sysconf(_SC_AVPHYS_PAGES);
	printf("phys>0 %d phys==get_phys_pages %d 0<avphys<=phys %d phys==totalram/page %d\n", phys > 0, phys == get_phys_pages(),
	       avphys > 0 && avphys <= phys, phys == (long)((unsigned long long)a.totalram * a.mem_unit / sysconf(_SC_PAGESIZE)));
	sleep(2);
	sysinfo(&b);
	printf("uptime advances by 2 or 3 %d\n", b.uptime - a.uptime >= 2 && b.uptime - a.uptime <= 3);
	return 0;
}
