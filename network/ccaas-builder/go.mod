module lcledger.local/ccaasbuilder

go 1.22
