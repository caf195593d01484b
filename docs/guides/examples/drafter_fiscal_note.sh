ct-education compare --year 2026 --set cgs_10_262f.foundation=12025@2026 \
  --format xlsx --output bill.xlsx --chart change.png --map map.png
python -c "import openpyxl; print(openpyxl.load_workbook('bill.xlsx').sheetnames)"
ct-education compare --year 2026 --set cgs_10_262f.foundation=12025@2026 --sort per-pupil --output bill.txt
sed -n '/^== Towns whose grants change/,+7p' bill.txt
