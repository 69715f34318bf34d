# Sahel, DRC, Somalia, Nigeria, 2022-2024. Facts are public; wording and outlets are ours.
R = [
("bf-barsalogho-2024-08-24", "Sahel Monitor", "2024-08-26",
 """OUAGADOUGOU, Aug 26 - Jihadist fighters linked to al Qaeda killed hundreds of people on Saturday in Barsalogho, a town in Burkina Faso's Centre-Nord region, as residents dug trenches to protect the town, security sources and residents said. One security source said at least 200 people were killed. The Group for the Support of Islam and Muslims, known as JNIM, claimed the attack and said it had killed members of a pro-government militia. Videos showed bodies piled in the trenches."""),
("bf-barsalogho-2024-08-24", "Continental Radio", "2024-08-28",
 """Burkina Faso's government said on Wednesday it would rebuild Barsalogho after an attack on August 24 in which militants opened fire on civilians and soldiers digging defensive trenches around the town. Officials have not published a death toll. The aid group Collectif Justice pour Barsalogho said around 400 people were killed, and some estimates go higher, making it one of the deadliest attacks in the Sahel in years."""),
("bf-barsalogho-2024-08-24", "Atlas Press Agency", "2024-08-25",
 """Dozens of people were killed yesterday when armed men attacked villagers and soldiers digging a trench near Barsalogho, in Sanmatenga province of Burkina Faso, local sources said. The army had ordered residents to help dig the defences. JNIM said it killed 300 militia members. The junta has not commented."""),

("ml-bamako-2024-09-17", "Sahel Monitor", "2024-09-17",
 """BAMAKO, Sept 17 - Gunmen attacked a gendarmerie training school and the military area of the airport in Mali's capital Bamako early on Tuesday, the army said, in a rare assault on the city. Heavy gunfire and explosions were heard before dawn in the Faladie district, and smoke rose near the airport. The army said the situation was under control and that some of the attackers had been neutralised. JNIM, the al Qaeda affiliate, claimed responsibility."""),
("ml-bamako-2024-09-17", "Global Desk", "2024-09-19",
 """More than 70 people were killed and 255 wounded in Tuesday's attack on a police training school and the airport in Bamako, according to a confidential security document seen by journalists. A security source put the death toll at 77, mostly gendarmerie trainees. Mali's junta acknowledged only that some trainees had died. JNIM fighters also set fire to the presidential aircraft, the group said."""),
("ml-bamako-2024-09-17", "Continental Radio", "2024-09-18",
 """Mali's military government said yesterday's attack in Bamako had been repelled and that those responsible would be hunted down. Dozens of student gendarmes were killed, security sources said. It was the first major assault on the capital in years by the Group for the Support of Islam and Muslims."""),

("ne-teguey-ambush-2024-03-21", "Sahel Monitor", "2024-03-22",
 """NIAMEY, March 22 - Twenty-three Nigerien soldiers were killed in an ambush by more than 100 militants near the village of Teguey in the Tillaberi region on Thursday, Niger's defence ministry said. The soldiers were attacked by fighters using explosive devices and suicide vehicles during a sweep operation, the ministry said in a statement read on state television. Seventeen soldiers were wounded. The army said dozens of attackers were killed."""),
("ne-teguey-ambush-2024-03-21", "Atlas Press Agency", "2024-03-23",
 """Niger's ruling military declared three days of national mourning after 23 soldiers died when militants ambushed an army unit in the western Tillaberi area on March 21. It was among the deadliest attacks on the army since the July coup. The jihadists used improvised explosive devices and kamikaze vehicles, the defence ministry said."""),

("bf-karma-2023-04-20", "Sahel Monitor", "2023-04-24",
 """Around 60 civilians were killed on Thursday by men wearing Burkinabe army uniforms in the village of Karma, in Burkina Faso's northern Yatenga province, a regional prosecutor said on Sunday. The prosecutor in Ouahigouya said an investigation had been opened. Survivors said the assailants arrived in armoured vehicles and on motorbikes and went from house to house. Burkina's government condemned the attack and said it was following the investigation closely."""),
("bf-karma-2023-04-20", "Global Desk", "2023-04-28",
 """Residents of Karma, a village near Ouahigouya in northern Burkina Faso, say at least 136 people, including women and children, were killed in the April 20 attack by soldiers, according to a local rights group. Witnesses told reporters the attackers accused villagers of collaborating with jihadists. The military government has said it will not tolerate abuses and is investigating."""),

("ne-niamey-french-embassy-2023-07-30", "Sahel Monitor", "2023-07-30",
 """NIAMEY, July 30 - Thousands of supporters of Niger's new military junta attacked the French embassy in Niamey on Sunday, setting fire to a door and tearing down the plaque, before security forces dispersed them with tear gas. Some protesters waved Russian flags and chanted against France. France said it would respond to any attack on its nationals and interests. The protest came days after soldiers ousted President Mohamed Bazoum."""),
("ne-niamey-french-embassy-2023-07-30", "Continental Radio", "2023-07-31",
 """French President Emmanuel Macron condemned yesterday's attack on France's embassy in Niger's capital, where crowds supporting the coup leaders broke windows and lit fires at the walls of the compound. Niger's security forces fired tear gas to push back the protesters in Niamey. Several people were injured, according to local media."""),

("cd-mugunga-camps-2024-05-03", "Great Lakes Times", "2024-05-03",
 """GOMA, May 3 - Bombs hit two camps for displaced people on the outskirts of Goma on Friday, killing at least nine people, including children, Congolese officials and aid workers said. The shells struck the Lac Vert and Mugunga camps, which shelter hundreds of thousands of people who fled fighting between the army and M23 rebels. The Congolese army and the United States blamed M23 and the Rwandan army. M23 denied responsibility and accused Congolese forces and allied militias of carrying out the attack."""),
("cd-mugunga-camps-2024-05-03", "Continental Radio", "2024-05-04",
 """The death toll from yesterday's bombing of displacement camps near Goma has risen to 12, the humanitarian group Medecins Sans Frontieres said on Saturday, adding that it had treated more than 20 wounded. Witnesses said rockets fell in the crowded Mugunga camp in the morning. The M23 rebel group rejected accusations that it fired the shells."""),
("cd-mugunga-camps-2024-05-03", "Atlas Press Agency", "2024-05-06",
 """Congo's government said on Monday that 35 people died in Friday's attacks on the Mugunga and Lac Vert displacement sites near Goma in North Kivu, and declared a day of mourning. Prime Minister Judith Suminwa blamed the M23 and its Rwandan backers, who have denied the charge."""),

("cd-kishishe-2022-11-29", "Great Lakes Times", "2022-12-05",
 """Congo's government said last week that at least 272 civilians were killed by M23 rebels in the village of Kishishe in Rutshuru territory, North Kivu, on November 29 and 30. The M23 denied any massacre, saying eight civilians had been killed by stray bullets during clashes with militias. A preliminary UN investigation found that at least 131 civilians were killed by the rebels in Kishishe and nearby Bambo in reprisal attacks against the population."""),
("cd-kishishe-2022-11-29", "Global Desk", "2022-12-07",
 """The United Nations said on Wednesday that M23 rebels killed at least 131 civilians in Kishishe and Bambo in eastern Congo at the end of November, in executions and with bullets and blades. Survivors described the rebels going door to door. The M23 rejected the report as biased and said it was prepared to cooperate with an independent investigation into the events in Rutshuru."""),

("cd-goma-wazalendo-2023-08-30", "Great Lakes Times", "2023-08-30",
 """GOMA, Aug 30 - Congolese soldiers opened fire on members of a religious sect who were preparing to protest against UN peacekeepers in Goma on Wednesday, killing at least 43 people, the government said. A police officer was stoned to death by the protesters, officials said. Video showed bodies piled into the back of a military truck. Authorities had banned the planned march against the UN mission MONUSCO."""),
("cd-goma-wazalendo-2023-08-30", "Atlas Press Agency", "2023-09-01",
 """The death toll from Wednesday's military crackdown on an anti-UN demonstration in Goma has risen to 48, Congo's government said, as the army arrested soldiers suspected of involvement. Rights groups said more than 50 people were killed when troops stormed the place of worship of the Natural Judaic and Messianic Faith towards the Nations sect before the protest."""),

("cd-butembo-monusco-2022-07-26", "Great Lakes Times", "2022-07-26",
 """BUTEMBO, July 26 - Three UN peacekeepers were killed on Tuesday when protesters attacked a base of the UN mission in Congo in Butembo, in the second day of violent demonstrations against MONUSCO in North Kivu, the UN said. Two of the dead were Indian and one Moroccan. At least seven civilians were also killed in the protests in Butembo, local authorities said. Crowds have accused the peacekeepers of failing to protect civilians from armed groups."""),
("cd-butembo-monusco-2022-07-26", "Global Desk", "2022-07-27",
 """UN Secretary-General Antonio Guterres condemned the deaths of three peacekeepers in Butembo yesterday as protesters stormed the UN mission's compound in the eastern Congolese city. Congo's government said 15 people, including the three peacekeepers, were killed across Goma and Butembo over two days of anti-UN protests."""),

("mm-pazigyi-2023-04-11", "Mekong Bulletin", "2023-04-11",
 """Myanmar's military carried out an air strike on a gathering in the village of Pazigyi in Sagaing region on Tuesday morning, killing at least 50 people, including women and children, witnesses and local media said. About 150 people had gathered for the opening of a local office of the opposition National Unity Government in Kanbalu township when a fighter jet dropped bombs, followed by a helicopter firing on the crowd. Survivors said many bodies could not be identified."""),
("mm-pazigyi-2023-04-11", "Global Desk", "2023-04-12",
 """Myanmar's junta confirmed that it had struck a ceremony in Pazigyi village yesterday, saying spokesman Zaw Min Tun told state media that it targeted members of the People's Defence Force, and that some of those killed may have been civilians forced to support the rebels. The opposition said about 100 people died in the attack in Sagaing. The UN human rights chief said he was horrified."""),
("mm-pazigyi-2023-04-11", "Atlas Press Agency", "2023-04-14",
 """The death toll from the April 11 bombing of Pazigyi village in Myanmar's Sagaing region has risen to about 170, including around 40 children, according to the opposition National Unity Government. Rescuers said entire families were killed. The United Nations said the air strike was among the deadliest since the 2021 coup."""),

("mm-hpakant-concert-2022-10-23", "Mekong Bulletin", "2022-10-24",
 """Military aircraft bombed a concert held to celebrate the anniversary of the Kachin Independence Organisation in Hpakant township in Myanmar's Kachin state on Sunday night, killing around 60 people, including singers and musicians, the Kachin group and aid workers said. The event was being held at a base of the Kachin Independence Army near the village of A Nang Pa. Myanmar's military denied what it called rumours of mass civilian casualties and said it had attacked a legitimate KIA target."""),
("mm-hpakant-concert-2022-10-23", "Global Desk", "2022-10-25",
 """The United Nations said on Tuesday it was deeply alarmed by reports that an air strike in Kachin state on Sunday killed at least 80 people at a concert marking the founding anniversary of the Kachin Independence Organisation. A popular Kachin singer and a keyboard player were reported among the dead. Myanmar's junta said reports of high casualties were false."""),

("mm-laiza-camp-2023-10-09", "Mekong Bulletin", "2023-10-10",
 """At least 29 people, including 11 children, were killed when a camp for displaced people near Laiza in Myanmar's Kachin state was hit late on Monday, the Kachin Independence Organisation and local officials said. The KIO said the Mung Lai Hkyet camp was struck by an air strike and artillery fire from the Myanmar military. A junta spokesman denied that the army had attacked the camp and suggested a blast at a Kachin ammunition store could have caused the explosion."""),
("mm-laiza-camp-2023-10-09", "Continental Radio", "2023-10-11",
 """The United Nations condemned Monday's attack on a displacement camp in Myanmar's Kachin state, which it said killed at least 28 people, half of them children. The Mung Lai Hkyet camp lies near Laiza, headquarters of the Kachin Independence Army, close to the Chinese border. Myanmar's military denied responsibility for the strike."""),

("so-mogadishu-education-ministry-2022-10-29", "Horn Observer", "2022-10-29",
 """MOGADISHU, Oct 29 - Two car bombs exploded near Somalia's education ministry at a busy junction in Mogadishu on Saturday, killing at least 100 people, President Hassan Sheikh Mohamud said. The second blast struck as ambulances and crowds arrived at the scene of the first at the Zobe intersection. More than 300 people were wounded. The president blamed al Shabaab."""),
("so-mogadishu-education-ministry-2022-10-29", "Global Desk", "2022-10-31",
 """Somalia's health ministry said on Monday that 121 people were killed and 333 wounded in Saturday's twin car bombings in Mogadishu, the deadliest attack in the country since 2017. The al Qaeda-linked al Shabaab group said in a statement that it carried out the attack and that it targeted the education ministry, which it accused of spreading un-Islamic curriculum."""),
("so-mogadishu-education-ministry-2022-10-29", "Continental Radio", "2022-10-30",
 """Mogadishu residents searched hospitals yesterday and today for relatives missing after two car bombs near the education ministry. Officials said the death toll passed 100. Al Shabaab claimed responsibility for the blasts in the Somali capital."""),

("so-mogadishu-lido-beach-2024-08-02", "Horn Observer", "2024-08-03",
 """At least 32 people were killed and 63 injured when a suicide bomber blew himself up and gunmen stormed a beachfront restaurant on Mogadishu's Lido beach on Friday evening, Somali police said on Saturday. Security forces killed three attackers and captured one after an hours-long standoff at the Beach View hotel. Al Shabaab claimed responsibility for the attack, which targeted people enjoying the weekend on the popular beach."""),
("so-mogadishu-lido-beach-2024-08-02", "Atlas Press Agency", "2024-08-04",
 """Somalia's government said 37 people died in the attack on Lido beach in Mogadishu late on Friday, raising the toll again. Survivors said the gunmen shot people as they fled into the sea. Al Shabaab said its fighters targeted government officials at the restaurant."""),

("so-mogadishu-hayat-hotel-2022-08-20", "Horn Observer", "2022-08-21",
 """MOGADISHU, Aug 21 - Somali security forces ended a siege at the Hayat hotel in Mogadishu on Saturday night, about 30 hours after al Shabaab fighters stormed the building, officials said. At least 21 people were killed and 117 wounded, health minister Ali Haji Adan said. The attack began on Friday evening with car bombs at the hotel gate, after which gunmen fought their way inside."""),

("ng-owo-church-2022-06-05", "Lagos Dispatch", "2022-06-05",
 """OWO, Nigeria, June 5 - Gunmen opened fire and detonated explosives at the St. Francis Xavier Catholic church in Owo in Nigeria's southwestern Ondo state on Sunday, killing dozens of worshippers celebrating Pentecost, officials said. A lawmaker from the area said at least 50 people were killed, including children. Ondo governor Rotimi Akeredolu called it a vile and satanic attack. No group immediately claimed responsibility."""),
("ng-owo-church-2022-06-05", "Global Desk", "2022-06-07",
 """Nigeria's Ondo state government said on Tuesday that 22 people were killed in Sunday's attack on a Catholic church in Owo, lower than earlier tolls given by local officials. Fifty-eight people were wounded. The attackers fired on the congregation and set off explosives inside the church during Mass. Security forces are searching for the gunmen."""),
("ng-owo-church-2022-06-05", "Continental Radio", "2022-06-10",
 """Nigeria's federal government said on Thursday that the Islamic State West Africa Province was behind the massacre at a church in Owo, Ondo state, on June 5. Interior minister Rauf Aregbesola said the attack left 40 people dead. Church leaders called for the gunmen to be brought to justice quickly."""),

("ng-tudun-biri-2023-12-03", "Lagos Dispatch", "2023-12-05",
 """At least 85 people were killed when a Nigerian army drone mistakenly bombed villagers celebrating a Muslim religious festival in Tudun Biri in Kaduna state on Sunday night, the national emergency agency said on Tuesday. The army acknowledged the strike, saying the drone was on a routine mission against terrorists and bandits and inadvertently hit the community in Igabi local government area. President Bola Tinubu ordered an investigation."""),
("ng-tudun-biri-2023-12-03", "Global Desk", "2023-12-06",
 """Villagers in Tudun Biri say more than 120 people died in the military drone attack on their Maulud celebration on December 3, far more than official figures. Nigeria's army chief apologised and said the strike in Kaduna was a mistake. Amnesty International called for accountability. NEMA put the death toll at 85, with 66 injured."""),

("ng-gwoza-bombings-2024-06-29", "Lagos Dispatch", "2024-06-30",
 """MAIDUGURI, June 30 - Female suicide bombers attacked a wedding, a funeral and a hospital in the town of Gwoza in Nigeria's northeastern Borno state on Saturday, killing at least 18 people, the state emergency agency said. Another 19 people were seriously injured. The first bomber struck at a wedding party, the agency said. No group immediately claimed the attacks, but police suspect Boko Haram."""),
("ng-gwoza-bombings-2024-06-29", "Continental Radio", "2024-07-01",
 """The death toll in the series of suicide bombings in Gwoza, Borno state, has risen to 32, an official of a local militia said on Monday, as residents buried victims. The attacks on Saturday were the deadliest in the area in months and raised fears of a resurgence of Boko Haram in Borno."""),
("ng-gwoza-bombings-2024-06-29", "Atlas Press Agency", "2024-06-29",
 """Several suicide bombers, all women, struck in Gwoza, a town near the border with Cameroon, today, targeting crowds at a wedding ceremony and a hospital, emergency officials in Borno said. At least a dozen people were dead, they said."""),

("ng-kuriga-abduction-2024-03-07", "Lagos Dispatch", "2024-03-07",
 """KADUNA, March 7 - Gunmen abducted 287 pupils and staff from a school in Kuriga, in Nigeria's northwestern Kaduna state, on Thursday morning, a teacher and local officials said. The attackers arrived on motorcycles as pupils were assembling, and forced them into the bush. It was the first mass school abduction in Kaduna in years. Governor Uba Sani said security forces were pursuing the kidnappers."""),
("ng-kuriga-abduction-2024-03-07", "Global Desk", "2024-03-09",
 """Nigerian authorities revised the number of schoolchildren kidnapped from a school in Kuriga to 137, as police and the army searched forests in Kaduna state for the children taken on Thursday. Parents said the kidnappers, believed to be bandits, had not yet made contact. President Tinubu said no ransom would be paid."""),
]
