#!/bin/sh
# Makes the import fixtures with LibreOffice Calc 7.4 (Debian 12: apt-get install -y --no-install-recommends
# libreoffice-calc-nogui), in a French locale, from the two UTF-8 sources in source/. See README.md.
set -e
cd "$(dirname "$0")"
lo() { LANG=fr_FR.UTF-8 LC_ALL=fr_FR.UTF-8 soffice -env:UserInstallation=file:///tmp/lo-profile-fr --headless "$@"; }
tmp=$(mktemp -d)
# CSV import options: separator 59 (;), quote 34 ("), charset 76 (UTF-8), from line 1, default cell formats,
# language 1036 (fr-FR), quoted fields as text: false, detect special numbers (dates): true for the workbooks, false for the CSVs.
text_in="CSV:59,34,76,1,,1036,false,false"
dates_in="CSV:59,34,76,1,,1036,false,true"
# CSV export options: separator, quote, charset (76 = UTF-8, 1 = Windows-1252), first line.
lo --infilter="$text_in" --convert-to 'csv:Text - txt - csv (StarCalc):59,34,76,1' --outdir "$tmp/u59" source/delais.csv
lo --infilter="$text_in" --convert-to 'csv:Text - txt - csv (StarCalc):59,34,1,1'  --outdir "$tmp/w59" source/delais.csv
lo --infilter="$text_in" --convert-to 'csv:Text - txt - csv (StarCalc):44,34,76,1' --outdir "$tmp/u44" source/delais.csv
lo --infilter="$text_in" --convert-to 'csv:Text - txt - csv (StarCalc):44,34,1,1'  --outdir "$tmp/w44" source/delais.csv
lo --infilter="$dates_in" --convert-to 'xlsx:Calc MS Excel 2007 XML' --outdir "$tmp/x" source/delais.csv source/delais-ligne-fausse.csv source/delais-lignes-vides.csv
lo --infilter="$dates_in" --convert-to 'ods:calc8' --outdir "$tmp/o" source/delais.csv
cp "$tmp/u59/delais.csv" lo-utf8-point-virgule.csv
cp "$tmp/w59/delais.csv" lo-windows1252-point-virgule.csv
cp "$tmp/u44/delais.csv" lo-utf8-virgule.csv
cp "$tmp/w44/delais.csv" lo-windows1252-virgule.csv
cp "$tmp/x/delais.xlsx" lo-dates-en-cellules.xlsx
cp "$tmp/x/delais-ligne-fausse.xlsx" lo-ligne-fausse.xlsx
cp "$tmp/x/delais-lignes-vides.xlsx" lo-lignes-vides.xlsx
cp "$tmp/o/delais.ods" lo-delais.ods
rm -rf "$tmp"
