#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# softhsm-token.sh DIR PKI - makes SoftHSM2 tokens in the new directory
# DIR, configured by DIR/softhsm2.conf (point SOFTHSM2_CONF at it):
#   LAB    user PIN 4321: the test PKI's lab keys - lab-rsa as object
#          "lab-key" (id 01), lab-ec as "lab-ec" (id 02) - with their
#          certificates (same ids and labels), and the intermediate
#          ("inter", id 0a) and root ("root", id 0b) certificates;
#   SPARE  user PIN 4321, empty.
# Prints the SoftHSM2 module's path. Exits 77 (SKIP) without softhsm2-util
# and its module (Debian: softhsm2), pkcs11-tool (opensc) or openssl.
set -eu
dir=$1
pki=$(cd "$2" && pwd)
module=${GI_SOFTHSM2_MODULE:-}
if [ -z "$module" ]; then
	for m in /usr/lib/softhsm/libsofthsm2.so /usr/lib/*/softhsm/libsofthsm2.so /usr/local/lib/softhsm/libsofthsm2.so; do
		[ -f "$m" ] && { module=$m; break; }
	done
fi
if [ -z "$module" ] || ! command -v softhsm2-util >/dev/null 2>&1 || ! command -v pkcs11-tool >/dev/null 2>&1 ||
   ! command -v openssl >/dev/null 2>&1; then
	echo "softhsm2 (softhsm2-util and its module), opensc (pkcs11-tool) or openssl missing: SKIP" >&2
	exit 77
fi
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
printf 'directories.tokendir = %s\nobjectstore.backend = file\nlog.level = ERROR\n' "$dir" > "$dir/softhsm2.conf"
SOFTHSM2_CONF=$dir/softhsm2.conf
export SOFTHSM2_CONF
cd "$dir"
{
	softhsm2-util --init-token --free --label LAB --so-pin 87654321 --pin 4321
	softhsm2-util --init-token --free --label SPARE --so-pin 87654321 --pin 4321
	openssl pkcs8 -topk8 -nocrypt -in "$pki/lab-rsa.key" -out rsa.p8
	openssl pkcs8 -topk8 -nocrypt -in "$pki/lab-ec.key" -out ec.p8
	softhsm2-util --import rsa.p8 --token LAB --label lab-key --id 01 --pin 4321
	softhsm2-util --import ec.p8 --token LAB --label lab-ec --id 02 --pin 4321
	rm -f rsa.p8 ec.p8
	for c in lab-rsa:01:lab-key lab-ec:02:lab-ec inter:0a:inter root:0b:root; do
		name=${c%%:*}; rest=${c#*:}; id=${rest%%:*}; label=${rest#*:}
		openssl x509 -in "$pki/$name.pem" -outform DER -out "$name.der"
		pkcs11-tool --module "$module" --token-label LAB --login --pin 4321 \
			--write-object "$name.der" --type cert --id "$id" --label "$label"
	done
} > setup.log 2>&1 || { echo "cannot make the SoftHSM2 tokens: see $dir/setup.log" >&2; exit 99; }
echo "$module"
