// Run by evmnet in the shanghai signer's console (geth attach), after the variables abi, bin,
// adminAccount, links, libraries, branches, auditor and calendars. From the admin account: deploys
// the external libraries the LC contract calls, links them into it, deploys it, then registers the
// branches, the auditor and the business calendars, each transaction awaited.
function mined(hash) {
  for (var i = 0; i < 600; i++) {
    var receipt = eth.getTransactionReceipt(hash);
    if (receipt) {
      if (receipt.status !== '0x1') throw new Error('transaction reverted: ' + hash);
      return receipt;
    }
    admin.sleep(0.1);
  }
  throw new Error('transaction not mined in 60 s: ' + hash);
}
Object.keys(links).forEach(function (library) {
  var at = mined(eth.sendTransaction({from: adminAccount, data: libraries[library], gas: 15000000})).contractAddress;
  bin = bin.split(links[library]).join(at.replace(/^0x/, '').toLowerCase());
});
var deployed = mined(eth.sendTransaction({from: adminAccount, data: bin, gas: 15000000})).contractAddress;
var lc = eth.contract(abi).at(deployed);
Object.keys(branches).forEach(function (name) {
  mined(lc.registerBranch.sendTransaction(name, branches[name], {from: adminAccount, gas: 500000}));
});
mined(lc.registerAuditor.sendTransaction(auditor, {from: adminAccount, gas: 500000}));
calendars.forEach(function (c) {
  mined(lc.setCalendar.sendTransaction(c.year, c.holidays, c.workingDays, {from: adminAccount, gas: 5000000}));
});
